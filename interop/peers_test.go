// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package interop_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/protocol"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"
	"gopkg.in/cenkalti/backoff.v1"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// peer is one of the libraries this package is checked against; its value names the
// sub-tests.
type peer string

const (
	peerHertz  peer = "hertz"
	peerGoSSE  peer = "go-sse"
	peerR3labs peer = "r3labs"
)

func (p peer) key() string { return string(p) }

// String names the peer's library and version, as the logs do.
func (p peer) String() string {
	switch p {
	case peerHertz:
		return "hertz pkg/protocol/sse"
	case peerGoSSE:
		return "tmaxmax/go-sse"
	case peerR3labs:
		return "r3labs/sse"
	}
	return string(p)
}

// The servers below publish interopCases[i] for a request to /sse?case=i, then end
// the stream; the readers read one whole stream and return what they dispatched.

func caseOf(query string) (interopCase, bool) {
	i, err := strconv.Atoi(query)
	if err != nil || i < 0 || i >= len(interopCases) {
		return interopCase{}, false
	}
	return interopCases[i], true
}

func caseURL(base string, i int) string { return fmt.Sprintf("%s/sse?case=%d", base, i) }

// startOursCases serves the cases with this package's Stream on Hertz and returns
// the server's URL.
func startOursCases(t *testing.T) string {
	return startHertzCases(t, func(c *app.RequestContext, ev sse.Event) error {
		return sse.NewStream(c).Publish(&ev)
	})
}

// startHertzWriterCases serves the cases with Hertz's built-in Writer.
func startHertzWriterCases(t *testing.T) string {
	return startHertzCases(t, func(c *app.RequestContext, ev sse.Event) error {
		return hsse.NewWriter(c).WriteEvent(ev.ID, ev.Event, ev.Data)
	})
}

// startHertzCases serves on Hertz each case the request names, written by write.
func startHertzCases(t *testing.T, write func(c *app.RequestContext, ev sse.Event) error) string {
	t.Helper()
	return testkit.StartServer(t, func(h *server.Hertz) {
		h.GET("/sse", func(_ context.Context, c *app.RequestContext) {
			ic, ok := caseOf(c.Query("case"))
			if !ok {
				c.SetStatusCode(http.StatusNotFound)
				return
			}
			if err := write(c, ic.ev); err != nil {
				t.Errorf("write %s: %v", ic.name, err)
			}
		})
	})
}

// startHTTP serves h on net/http until the test ends. go-sse answers a subscription
// that ends at shutdown with http.Error on a response already under way, which
// net/http would log.
func startHTTP(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// startGoSSECases serves the cases with go-sse's Session on net/http.
func startGoSSECases(t *testing.T) string {
	t.Helper()
	return startHTTP(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ic, ok := caseOf(r.URL.Query().Get("case"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		sess, err := gosse.Upgrade(w, r)
		if err != nil {
			t.Errorf("upgrade: %v", err)
			return
		}
		m := &gosse.Message{ID: gosse.ID(ic.ev.ID)}
		if ic.ev.Event != "" {
			m.Type = gosse.Type(ic.ev.Event)
		}
		m.AppendData(string(ic.ev.Data))
		if err := sess.Send(m); err != nil {
			t.Errorf("send %s: %v", ic.name, err)
		}
		if err := sess.Flush(); err != nil {
			t.Errorf("flush %s: %v", ic.name, err)
		}
	})).URL
}

// r3labsCases serves the cases with an r3labs Server, which publishes to streams, not
// to requests: each read gets a stream of its own, and the case's event goes out once
// the reader has subscribed, followed by the empty event that ends r3labs' handler.
//
// r3labs reports subscribes and unsubscribes from goroutines of its own, and removing
// a stream or closing the Server before a handler has unsubscribed strands that
// handler's goroutine: each read waits for both.
type r3labsCases struct {
	rs                       *r3.Server
	url                      string
	streams                  int
	subscribed, unsubscribed chan struct{}
}

func startR3labsCases(t *testing.T) *r3labsCases {
	t.Helper()
	s := &r3labsCases{rs: r3.New(), subscribed: make(chan struct{}, 4), unsubscribed: make(chan struct{}, 4)}
	s.rs.AutoReplay = false
	s.rs.SplitData = true // without it, multi-line data goes out as one broken data line
	s.rs.OnSubscribe = func(string, *r3.Subscriber) { s.subscribed <- struct{}{} }
	s.rs.OnUnsubscribe = func(string, *r3.Subscriber) { s.unsubscribed <- struct{}{} }
	t.Cleanup(s.rs.Close) // after the server's Close, which waits for its handlers
	s.url = startHTTP(t, s.rs).URL
	return s
}

// serve publishes ic's event to read, which reads the URL it is given.
func (s *r3labsCases) serve(ic interopCase, read func(url string) ([]received, error)) ([]received, error) {
	return s.serveEvent(&r3.Event{ID: []byte(ic.ev.ID), Event: []byte(ic.ev.Event), Data: ic.ev.Data}, read)
}

// serveEvent publishes ev to read, which reads the URL it is given.
func (s *r3labsCases) serveEvent(ev *r3.Event, read func(url string) ([]received, error)) ([]received, error) {
	s.streams++
	id := strconv.Itoa(s.streams)
	s.rs.CreateStream(id)
	defer s.rs.RemoveStream(id)
	type result struct {
		got []received
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := read(s.url + "/events?stream=" + id)
		done <- result{got, err}
	}()
	select {
	case <-s.subscribed:
	case r := <-done:
		return nil, fmt.Errorf("reader ended before it subscribed: %v", r.err)
	case <-time.After(10 * time.Second):
		return nil, errors.New("reader did not subscribe within 10s")
	}
	s.rs.Publish(id, ev)
	s.rs.Publish(id, &r3.Event{})
	r := <-done
	select {
	case <-s.unsubscribed: // before RemoveStream, which would strand it
	case <-time.After(30 * time.Second):
		return nil, errors.New("reader did not unsubscribe within 30s")
	}
	return r.got, r.err
}

// readWithOurs reads url with this package's Client.
func readWithOurs(url string) ([]received, error) {
	var got []received
	err := sse.NewClient(url).Subscribe(func(e *sse.Event) {
		got = append(got, received{messageType(e.Event), string(e.Data), e.ID})
	})
	return got, err
}

// readWithGoSSE reads url with a go-sse client Connection that does not reconnect.
func readWithGoSSE(hc *http.Client) func(url string) ([]received, error) {
	return func(url string) ([]received, error) {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		conn := (&gosse.Client{HTTPClient: hc, Backoff: gosse.Backoff{MaxRetries: -1}}).NewConnection(req)
		var got []received
		conn.SubscribeToAll(func(e gosse.Event) {
			got = append(got, received{messageType(e.Type), e.Data, e.LastEventID})
		})
		if err := conn.Connect(); err != nil && !errors.Is(err, io.EOF) {
			return got, err
		}
		return got, nil
	}
}

// readWithR3labs reads url with an r3labs Client that does not reconnect.
func readWithR3labs(hc *http.Client) func(url string) ([]received, error) {
	return func(url string) ([]received, error) {
		c := r3.NewClient(url)
		c.Connection = hc
		c.ReconnectStrategy = &backoff.StopBackOff{}
		var got []received
		err := c.SubscribeRaw(func(e *r3.Event) {
			got = append(got, received{messageType(string(e.Event)), string(e.Data), string(e.ID)})
		})
		return got, err
	}
}

// readWithHertz reads url with Hertz's client and the built-in Reader.
func readWithHertz(t *testing.T) func(url string) ([]received, error) {
	hc, err := client.NewClient(client.WithResponseBodyStream(true))
	if err != nil {
		t.Fatal(err)
	}
	return func(url string) ([]received, error) {
		var req protocol.Request
		var resp protocol.Response
		req.SetRequestURI(url)
		hsse.AddAcceptMIME(&req)
		if err := hc.Do(context.Background(), &req, &resp); err != nil {
			return nil, err
		}
		defer resp.CloseBodyStream() //nolint:errcheck // the body is read to its end
		r, err := hsse.NewReader(&resp)
		if err != nil {
			return nil, err
		}
		var got []received
		err = r.ForEach(context.Background(), func(e *hsse.Event) error {
			got = append(got, received{messageType(e.Type), string(e.Data), e.ID})
			return nil
		})
		return got, err
	}
}

// readWire returns the body of a GET of url as the server wrote it, without its
// transfer coding.
func readWire(url string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/event-stream")
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// newTestHTTPClient returns a net/http client whose idle connections are closed when
// the test ends.
func newTestHTTPClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}
