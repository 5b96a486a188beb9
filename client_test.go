// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/protocol"
	hertzsse "github.com/cloudwego/hertz/pkg/protocol/sse"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// collect subscribes with c until the stream ends and returns the events and the error.
func collect(t *testing.T, ctx context.Context, c *sse.Client) ([]*sse.Event, error) {
	t.Helper()
	var events []*sse.Event
	err := c.SubscribeWithContext(ctx, func(e *sse.Event) { events = append(events, e) })
	return events, err
}

// publishAll is a handler that publishes events and returns.
func publishAll(t *testing.T, events ...*sse.Event) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c)
		for _, e := range events {
			if err := s.Publish(e); err != nil {
				t.Error(err)
				return
			}
		}
	}
}

func TestClientRoundTripThroughStream(t *testing.T) {
	sent := []*sse.Event{
		{ID: "1", Event: "greeting", Data: []byte("hello\n\nworld")},
		{Data: []byte("a\r\nb\rc\n")},
		{ID: "3"},
		{Event: "utf8", Data: []byte("héllo 世界 😀")},
		{Data: []byte(":not a comment\n  two spaces")},
		{Retry: 1234 * time.Millisecond, Data: []byte(strings.Repeat("long ", 12_000))},
		{ID: "7", Event: "end", Data: []byte("bye")},
	}
	url := serveSSE(t, publishAll(t, sent...))

	got, err := collect(t, context.Background(), sse.NewClient(url+"/sse"))
	assert.Nil(t, err)
	assert.DeepEqual(t, len(sent), len(got))
	lastID := "" // an event without an ID carries the last one sent, as in a browser
	for i, e := range sent {
		if e.ID != "" {
			lastID = e.ID
		}
		want := sse.Event{ID: lastID, Event: e.Event, Retry: e.Retry, Data: []byte(normalizeLineEnds(string(e.Data)))}
		assert.DeepEqual(t, want, *got[i])
	}
}

func TestClientReadsHertzBuiltinWriter(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		w := hertzsse.NewWriter(c)
		_ = w.WriteEvent("id-1", "message", []byte("hello\n\nworld"))
		_ = w.WriteEvent("", "custom", []byte("x"))
		_ = w.WriteComment("keep")
		_ = w.Write(&hertzsse.Event{ID: "id-3", Data: []byte("retry"), Retry: 2 * time.Second})
		_ = w.Close()
	})
	c := sse.NewClient(url + "/sse")
	got, err := collect(t, context.Background(), c)
	assert.Nil(t, err)
	assert.DeepEqual(t, []*sse.Event{
		{ID: "id-1", Event: "message", Data: []byte("hello\n\nworld")},
		{ID: "id-1", Event: "custom", Data: []byte("x")}, // the last event ID persists, as in a browser
		{ID: "id-3", Data: []byte("retry"), Retry: 2 * time.Second},
	}, got)
	assert.DeepEqual(t, "id-3", string(c.GetLastEventID()))
}

func TestClientReadsRawBytes(t *testing.T) {
	raw := "\uFEFF: comment\r\n" +
		"data\n\n" + // a line without a colon is a field with an empty value
		"data:no space\r" +
		"event: a\r\n" +
		"data:  two spaces\n\n" +
		"retry: 10a\nretry: 250\ndata: r\n\n" +
		"id: x\x00y\ndata: nul id ignored\n\n" +
		"id: 9\nunknown: field\nData: wrong case\n\n" + // no data: only the last event ID changes
		"data: last\n\n" +
		"data: unfinished"
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		c.Data(200, "text/event-stream; charset=utf-8", []byte(raw))
	})
	c := sse.NewClient(url + "/sse")
	got, err := collect(t, context.Background(), c)
	assert.Nil(t, err)
	assert.DeepEqual(t, []*sse.Event{
		{Data: []byte{}},
		{Event: "a", Data: []byte("no space\n two spaces")},
		{Data: []byte("r"), Retry: 250 * time.Millisecond},
		{Data: []byte("nul id ignored")},
		{ID: "9", Data: []byte("last")}, // set by the id-only block before it
	}, got)
	assert.DeepEqual(t, "9", string(c.GetLastEventID()))
}

func TestClientRequest(t *testing.T) {
	type seen struct{ method, accept, lastID, custom, body string }
	requests := make(chan seen, 1)
	url := testkit.Serve(t, testkit.Routes{
		"ANY /sse": func(ctx context.Context, c *app.RequestContext) {
			requests <- seen{string(c.Method()), string(c.GetHeader("Accept")), sse.GetLastEventID(c),
				string(c.GetHeader("X-Custom")), string(c.Request.Body())}
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("ok")})
		},
	})
	body := []byte(`{"prompt":"hi"}`)
	c := sse.NewClient(url+"/sse", sse.WithMethod("POST"), sse.WithBody(body),
		sse.WithHeaders(map[string]string{"X-Custom": "v"}), sse.WithLastEventID("41"))
	body[0] = 'X' // options copy what they are given
	_, err := collect(t, context.Background(), c)
	assert.Nil(t, err)
	assert.DeepEqual(t, seen{"POST", "text/event-stream", "41", "v", `{"prompt":"hi"}`}, <-requests)
	assert.DeepEqual(t, "POST", c.Method)
	assert.DeepEqual(t, `{"prompt":"hi"}`, string(c.GetBody()))
	assert.DeepEqual(t, map[string]string{"X-Custom": "v"}, c.GetHeaders())
}

func TestClientRefusedResponses(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/404":  func(ctx context.Context, c *app.RequestContext) { c.String(404, "no such stream") },
		"/html": func(ctx context.Context, c *app.RequestContext) { c.Data(200, "text/html", []byte("<p>")) },
		"/204":  func(ctx context.Context, c *app.RequestContext) { c.Status(204) },
	})

	_, err := collect(t, context.Background(), sse.NewClient(url+"/404"))
	var re *sse.ResponseError
	assert.Assert(t, errors.As(err, &re), err)
	assert.Assert(t, errors.Is(err, sse.ErrUnexpectedStatus))
	assert.DeepEqual(t, 404, re.StatusCode)
	assert.DeepEqual(t, "no such stream", re.Body)
	assert.Assert(t, strings.Contains(err.Error(), "404 Not Found"), err)

	_, err = collect(t, context.Background(), sse.NewClient(url+"/html"))
	assert.Assert(t, errors.Is(err, sse.ErrUnexpectedContentType), err)
	assert.Assert(t, strings.Contains(err.Error(), `"text/html"`), err)

	events, err := collect(t, context.Background(), sse.NewClient(url+"/204"))
	assert.Nil(t, err)
	assert.DeepEqual(t, 0, len(events))

	_, err = collect(t, context.Background(), sse.NewClient(""))
	assert.Assert(t, err != nil)
}

func TestClientResponseCallbackReplacesChecks(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/plain": func(ctx context.Context, c *app.RequestContext) {
			c.Data(200, "text/plain", []byte("data: accepted\n\n"))
		},
	})
	c := sse.NewClient(url + "/plain")
	c.SetResponseCallback(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error { return nil })
	events, err := collect(t, context.Background(), c)
	assert.Nil(t, err)
	assert.DeepEqual(t, []*sse.Event{{Data: []byte("accepted")}}, events)

	refusal := errors.New("refused by callback")
	c.SetResponseCallback(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error { return refusal })
	c2 := sse.NewClient(url+"/plain", sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond}),
		sse.WithResponseCallback(func(context.Context, *protocol.Request, *protocol.Response) error { return refusal }))
	_, err = collect(t, context.Background(), c)
	assert.Assert(t, errors.Is(err, refusal), err)
	_, err = collect(t, context.Background(), c2) // never retried
	assert.Assert(t, errors.Is(err, refusal), err)
}

// endless is a handler that publishes one event and then holds the stream open, with
// a comment every millisecond, until a write fails because the client has gone.
func endless(gone chan<- struct{}) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		defer close(gone)
		s := sse.NewStream(c)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for err := s.Publish(&sse.Event{Data: []byte("first")}); err == nil; err = s.SendComment("waiting") {
			<-tick.C
		}
	}
}

func TestClientCancelEndsSubscribePromptly(t *testing.T) {
	gone := make(chan struct{})
	url := serveSSE(t, endless(gone))
	first := make(chan struct{})
	sub := subscribeAsync(t, sse.NewClient(url+"/sse"), func(e *sse.Event) { close(first) })
	testkit.Within(t, 10*time.Second, first, "the first event")
	sub.cancelAndWait(t)
	testkit.Within(t, 10*time.Second, gone, "the server to see the connection closed")
}

func TestClientOversizedEvent(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/line":  publishAll(t, &sse.Event{Data: []byte("ok")}, &sse.Event{Data: []byte(strings.Repeat("x", 5000))}),
		"/event": publishAll(t, &sse.Event{Data: []byte(strings.Repeat("x\n", 3000))}),
	})
	for _, path := range []string{"/line", "/event"} {
		c := sse.NewClient(url+path, sse.WithMaxBufferSize(4096),
			sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond})) // not worth retrying
		events, err := collect(t, context.Background(), c)
		assert.Assert(t, errors.Is(err, sse.ErrEventTooLarge), path, err)
		assert.Assert(t, errors.Is(err, bufio.ErrTooLong), path, err)
		if path == "/line" {
			assert.DeepEqual(t, 1, len(events))
		}
	}
}

func TestClientBase64(t *testing.T) {
	payload := []byte("binary \x00\xff\r\n payload")
	url := testkit.Serve(t, testkit.Routes{
		"/ok":  publishAll(t, &sse.Event{Data: []byte(base64.StdEncoding.EncodeToString(payload))}),
		"/bad": publishAll(t, &sse.Event{ID: "b1", Data: []byte("not base64!")}),
	})
	events, err := collect(t, context.Background(), sse.NewClient(url+"/ok", sse.WithEncodingBase64()))
	assert.Nil(t, err)
	assert.DeepEqual(t, [][]byte{payload}, [][]byte{events[0].Data})

	_, err = collect(t, context.Background(), sse.NewClient(url+"/bad", sse.WithEncodingBase64()))
	var corrupt base64.CorruptInputError
	assert.Assert(t, errors.As(err, &corrupt), err)
	assert.Assert(t, strings.Contains(err.Error(), `"b1"`), err)
}

func TestClientEventsAreSafeToKeep(t *testing.T) {
	var sent []*sse.Event
	for i := range 500 {
		sent = append(sent, &sse.Event{ID: strings.Repeat("i", i%50+1), Event: []string{"a", "b"}[i%2], Data: []byte(strings.Repeat("d", i))})
	}
	url := serveSSE(t, publishAll(t, sent...))
	ch := make(chan *sse.Event, len(sent))
	err := sse.NewClient(url + "/sse").Subscribe(func(e *sse.Event) {
		e.Data = append(e.Data, '!') // the handler may grow what it got
		ch <- e
	})
	assert.Nil(t, err)
	close(ch)
	i := 0
	for e := range ch {
		assert.DeepEqual(t, sse.Event{ID: sent[i].ID, Event: sent[i].Event, Data: append(sent[i].Data, '!')}, *e)
		i++
	}
	assert.DeepEqual(t, len(sent), i)
}

func TestClientSettersAndGetters(t *testing.T) {
	c := sse.NewClient("http://a")
	assert.DeepEqual(t, "GET", c.GetMethod())
	c.SetURL("http://b")
	c.SetMethod("POST")
	c.SetHeaders(map[string]string{"k": "v"})
	c.SetBody([]byte("body"))
	c.SetMaxBufferSize(0)
	c.SetEncodingBase64(true)
	c.SetHertzClient(nil)
	assert.DeepEqual(t, "http://b", c.GetURL())
	assert.DeepEqual(t, "POST", c.GetMethod())
	assert.DeepEqual(t, map[string]string{"k": "v"}, c.GetHeaders())
	assert.DeepEqual(t, "body", string(c.GetBody()))
	assert.Assert(t, c.GetHertzClient() == nil)
	assert.DeepEqual(t, 0, len(c.GetLastEventID()))
	assert.Assert(t, c.Subscribe(nil) != nil)
}

// counter counts callback calls.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc(context.Context, *sse.Client) { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *counter) get() int                         { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

// TestClientCancelKeepsLastEventIDAtTheLastDeliveredEvent: events already read but not
// handed over when ctx ends must not count as received, or a reconnection would skip
// them.
func TestClientCancelKeepsLastEventIDAtTheLastDeliveredEvent(t *testing.T) {
	var sent []*sse.Event
	for i := range 50 {
		sent = append(sent, &sse.Event{ID: fmt.Sprint(i), Data: []byte("x")})
	}
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		// One write, so the client reads all 50 events at once.
		buf := &bytes.Buffer{}
		s := sse.NewStreamWithWriter(buf)
		for _, e := range sent {
			_ = s.Publish(e)
		}
		c.Data(200, sse.ContentType, buf.Bytes())
	})
	ctx, cancel := context.WithCancel(context.Background())
	c := sse.NewClient(url + "/sse")
	n := 0
	err := c.SubscribeWithContext(ctx, func(e *sse.Event) {
		n++
		if n == 3 {
			cancel()
		}
	})
	assert.DeepEqual(t, context.Canceled, err)
	assert.DeepEqual(t, 3, n)
	assert.DeepEqual(t, "2", string(c.GetLastEventID()))
}

// TestClientDeadlineBoundsTheWaitForTheHeader: a server that never answers cannot hold a
// subscription past its ctx's deadline.
func TestClientDeadlineBoundsTheWaitForTheHeader(t *testing.T) {
	release := make(chan struct{})
	url := testkit.Serve(t, testkit.Routes{
		"/silent": func(ctx context.Context, c *app.RequestContext) { <-release },
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	result := make(chan error, 1)
	go func() { result <- sse.NewClient(url+"/silent").SubscribeWithContext(ctx, func(*sse.Event) {}) }()
	err := testkit.Within(t, 10*time.Second, result, "Subscribe to give up")
	assert.DeepEqual(t, context.DeadlineExceeded, err)
}

func TestClientOnBlockSeesEachBlockAsSent(t *testing.T) {
	raw := "id: 1\ndata: a\n\n" + "data: b\n\n" + "id: 2\n\n" + "retry: 0\n\n" + "id:\nretry: 50\ndata: c\n\n" + ": comment\n\n" + "event: only-type\n\n"
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) { c.Data(200, sse.ContentType, []byte(raw)) })
	type block struct {
		Data, ID        string
		HasID, HasRetry bool
		Retry           time.Duration
		EventID         string
	}
	var got []block
	var handled []string
	c := sse.NewClient(url+"/sse", sse.WithOnBlock(func(b *sse.Block) error {
		bl := block{ID: b.ID, HasID: b.HasID, HasRetry: b.HasRetry, Retry: b.Retry}
		if b.Event != nil {
			bl.Data, bl.EventID = string(b.Event.Data), b.Event.ID
		}
		got = append(got, bl)
		return nil
	}))
	assert.Nil(t, c.Subscribe(func(e *sse.Event) { handled = append(handled, string(e.Data)) }))
	assert.DeepEqual(t, []block{
		{Data: "a", ID: "1", HasID: true, EventID: "1"},
		{Data: "b", EventID: "1"}, // no id of its own; the event carries the last one
		{ID: "2", HasID: true},
		{HasRetry: true}, // retry: 0
		{Data: "c", HasID: true, HasRetry: true, Retry: 50 * time.Millisecond}, // an id reset
	}, got)
	assert.DeepEqual(t, []string{"a", "b", "c"}, handled)

	// An error from the hook ends the subscription with it.
	stop := errors.New("stop here")
	err := sse.NewClient(url+"/sse", sse.WithOnBlock(func(*sse.Block) error { return stop })).Subscribe(func(*sse.Event) {
		t.Error("the handler ran after its block was refused")
	})
	assert.DeepEqual(t, stop, err)
}
