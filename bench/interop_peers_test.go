// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"

	"github.com/hertz-contrib/sse"
)

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

// startOursCases serves the cases with this package's Stream on Hertz.
func startOursCases(t *testing.T) *hertzServer {
	return startHertzCases(t, func(c *app.RequestContext, ev sse.Event) error {
		return sse.NewStream(c).Publish(&ev)
	})
}

// startHertzWriterCases serves the cases with Hertz's built-in Writer.
func startHertzWriterCases(t *testing.T) *hertzServer {
	return startHertzCases(t, func(c *app.RequestContext, ev sse.Event) error {
		return hsse.NewWriter(c).WriteEvent(ev.ID, ev.Event, ev.Data)
	})
}

// startHertzCases serves on Hertz each case the request names, written by write.
func startHertzCases(t *testing.T, write func(c *app.RequestContext, ev sse.Event) error) *hertzServer {
	t.Helper()
	srv, err := startHertz(func(h *server.Hertz) {
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
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// startGoSSECases serves the cases with go-sse's Session on net/http.
func startGoSSECases(t *testing.T) *httpServer {
	t.Helper()
	srv, err := startHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// r3labsCases serves the cases with an r3labs Server, which publishes to streams, not
// to requests: each read gets a stream of its own, and the case's event goes out once
// the reader has subscribed, followed by the empty event that ends r3labs' handler.
type r3labsCases struct {
	rs      *r3.Server
	tracker *r3labsTracker
	srv     *httpServer
	streams int
}

func startR3labsCases(t *testing.T) *r3labsCases {
	t.Helper()
	rs, tracker := newR3labsServer(false)
	srv, err := startHTTP(rs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Close()
		tracker.waitGone()
		rs.Close()
	})
	return &r3labsCases{rs: rs, tracker: tracker, srv: srv}
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
		got, err := read(s.srv.URL + "/events?stream=" + id)
		done <- result{got, err}
	}()
	if !s.tracker.waitSubscribed(s.streams, 10*time.Second) {
		r := <-done
		return nil, fmt.Errorf("reader never subscribed: %v", r.err)
	}
	s.rs.Publish(id, ev)
	s.rs.Publish(id, &r3.Event{})
	r := <-done
	s.tracker.waitGone() // before RemoveStream, which would strand its unsubscribe
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
		var got []received
		err := newR3labsClient(hc, url).SubscribeRaw(func(e *r3.Event) {
			got = append(got, received{messageType(string(e.Event)), string(e.Data), string(e.ID)})
		})
		return got, err
	}
}

// readWithHertz reads url with Hertz's client and the built-in Reader.
func readWithHertz(t *testing.T) func(url string) ([]received, error) {
	hc, err := newHertzStreamingClient()
	if err != nil {
		t.Fatal(err)
	}
	return func(url string) ([]received, error) {
		var got []received
		_, err := readHertzURLWith(hc, url, func(e *hsse.Event) {
			got = append(got, received{messageType(e.Type), string(e.Data), e.ID})
		})
		return got, err
	}
}

// readWire returns the body of a GET of url, without its transfer coding.
func readWire(url string) ([]byte, error) {
	addr, path, ok := strings.Cut(strings.TrimPrefix(url, "http://"), "/")
	if !ok {
		return nil, fmt.Errorf("bad URL %q", url)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	body, err := rawGet(conn, "/"+path, "", 4096)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(body)
}

// newTestHTTPClient returns a net/http client whose idle connections are closed when
// the test ends.
func newTestHTTPClient(t *testing.T) *http.Client {
	hc, closeIdle := newHTTPClient()
	t.Cleanup(closeIdle)
	return hc
}
