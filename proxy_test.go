// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// chain starts hops servers, each proxying the one before it, the first proxying
// origin, and returns the last hop's URL.
func chain(t testing.TB, origin string, hops int, serverOpts []config.Option, opts ...sse.ProxyOption) string {
	t.Helper()
	upstream := origin
	for range hops {
		next := upstream
		upstream = serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
			_ = sse.Proxy(ctx, c, next, opts...)
		}, serverOpts...) + "/sse"
	}
	return upstream
}

// rawHandler writes raw bytes as an event stream and ends it.
func rawHandler(raw string) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		c.Data(200, sse.ContentType, []byte(raw))
	}
}

func TestProxyChainDeliversEventsUnchanged(t *testing.T) {
	raw := "id: 1\nevent: greeting\ndata: hello\ndata:\ndata: world\n\n" +
		"data: a\r\ndata: b\rdata:  lead\n\n" +
		"id: 2\n\n" + // only sets the last event ID
		"retry: 1500\n\n" + // only sets the retry time
		"data: héllo 世界 😀\n\n" +
		"event: empty\ndata:\n\n" +
		"id:\ndata: id reset\n\n" +
		"id: 9\nretry: 20\ndata: last\n\n"
	url := serveSSE(t, rawHandler(raw))

	direct := sse.NewClient(url + "/sse")
	want, err := collect(t, context.Background(), direct)
	assert.Nil(t, err)
	assert.DeepEqual(t, 6, len(want))

	through := sse.NewClient(chain(t, url+"/sse", 3, nil))
	got, err := collect(t, context.Background(), through)
	assert.Nil(t, err)
	assert.DeepEqual(t, want, got)
	assert.DeepEqual(t, string(direct.GetLastEventID()), string(through.GetLastEventID()))

	// And the hops write what the origin meant: the same bytes, field by field.
	resp := openStream(t, chain(t, url+"/sse", 1, nil))
	body := new(strings.Builder)
	_, _ = fmt.Fprint(body, string(readAll(t, resp.BodyStream())))
	assert.DeepEqual(t, "id: 1\nevent: greeting\ndata: hello\ndata: \ndata: world\n\n"+
		"data: a\ndata: b\ndata:  lead\n\n"+
		"id: 2\n\n"+
		"retry: 1500\n\n"+
		"data: héllo 世界 😀\n\n"+
		"event: empty\ndata: \n\n"+
		"id: \n\n"+"data: id reset\n\n"+ // an id reset travels as a block of its own
		"id: 9\nretry: 20\ndata: last\n\n", body.String())
}

func TestProxyPassesRefusalsOn(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/403": func(ctx context.Context, c *app.RequestContext) { c.String(403, "not for you") },
		"/204": func(ctx context.Context, c *app.RequestContext) { c.Status(204) },
	})
	_, err := collect(t, context.Background(), sse.NewClient(chain(t, url+"/403", 2, nil)))
	var re *sse.ResponseError
	assert.Assert(t, errors.As(err, &re), err)
	assert.DeepEqual(t, 403, re.StatusCode)
	assert.DeepEqual(t, "not for you", re.Body)

	events, err := collect(t, context.Background(), sse.NewClient(chain(t, url+"/204", 2, nil)))
	assert.Nil(t, err)
	assert.DeepEqual(t, 0, len(events))

	// An upstream that is down makes the client come back later, not give up.
	var comments []string
	events, err = collect(t, context.Background(), sse.NewClient(chain(t, "http://127.0.0.1:1/nothing-listens", 1, nil),
		sse.WithOnComment(func(text string) { comments = append(comments, text) })))
	assert.Nil(t, err)
	assert.DeepEqual(t, 0, len(events))
	assert.DeepEqual(t, []string{"upstream event stream unavailable"}, comments)
}

func TestProxyTransformAndForwardedHeaders(t *testing.T) {
	auth := make(chan string, 1)
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		auth <- string(c.GetHeader("Authorization"))
		s := sse.NewStream(c)
		for _, d := range []string{"keep", "drop", "shout"} {
			_ = s.Publish(&sse.Event{Data: []byte(d)})
		}
	})
	hop := chain(t, url+"/sse", 1, nil,
		sse.WithForwardHeaders("Authorization"),
		sse.WithTransform(func(e *sse.Event) *sse.Event {
			switch string(e.Data) {
			case "drop":
				return nil
			case "shout":
				return &sse.Event{Data: []byte("SHOUT")}
			}
			return e
		}))
	got, err := collect(t, context.Background(), sse.NewClient(hop, sse.WithHeaders(map[string]string{"Authorization": "Bearer t0k"})))
	assert.Nil(t, err)
	assert.DeepEqual(t, []*sse.Event{{Data: []byte("keep")}, {Data: []byte("SHOUT")}}, got)
	assert.DeepEqual(t, "Bearer t0k", <-auth)
}

// endlessOrigin serves an endless stream, counting the handlers running, and reports
// each handler's end on ended.
func endlessOrigin(t *testing.T, active *atomic.Int32, ended chan<- struct{}, every time.Duration, opts ...config.Option) string {
	t.Helper()
	return serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		active.Add(1)
		defer func() { active.Add(-1); ended <- struct{}{} }()
		s := sse.NewStream(c)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for i := 0; ; i++ {
			if s.Publish(&sse.Event{ID: fmt.Sprint(i), Data: []byte("tick")}) != nil {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}, opts...) + "/sse"
}

// TestProxyChainTearsDownWhenTheClientLeaves: with client-disconnection sensing on
// every hop, closing the last client cancels every upstream subscription and the
// origin's handler returns, even though the origin is almost idle.
func TestProxyChainTearsDownWhenTheClientLeaves(t *testing.T) {
	sense := []config.Option{testkit.SenseDisconnect}
	var active atomic.Int32
	ended := make(chan struct{}, 1)
	origin := endlessOrigin(t, &active, ended, time.Hour, sense...)
	url := chain(t, origin, 3, sense, sse.WithProxyHeartbeat(-1))

	first := make(chan struct{})
	sub := subscribeAsync(t, sse.NewClient(url), func(*sse.Event) { close(first) })
	testkit.Within(t, 10*time.Second, first, "the first event through 3 hops")
	assert.DeepEqual(t, int32(1), active.Load())
	sub.cancelAndWait(t)
	testkit.Within(t, 10*time.Second, ended, "the origin's handler to return")
	assert.DeepEqual(t, int32(0), active.Load())
}

// TestProxyChainEndsOnFailedWrites: without client-disconnection sensing, the chain
// still comes down, one failed write per hop, as events keep flowing.
func TestProxyChainEndsOnFailedWrites(t *testing.T) {
	var active atomic.Int32
	ended := make(chan struct{}, 1)
	origin := endlessOrigin(t, &active, ended, time.Millisecond)
	url := chain(t, origin, 3, nil)

	first := make(chan struct{})
	var once atomic.Bool
	sub := subscribeAsync(t, sse.NewClient(url), func(*sse.Event) {
		if once.CompareAndSwap(false, true) {
			close(first)
		}
	})
	testkit.Within(t, 10*time.Second, first, "the first event through 3 hops")
	sub.cancel()
	testkit.Within(t, 10*time.Second, sub.result, "Subscribe to return")
	testkit.Within(t, 10*time.Second, ended, "the origin's handler to return")
	assert.DeepEqual(t, int32(0), active.Load())
}

// TestProxyReconnectReplaysThroughTheChain: a client that comes back through the chain
// with its Last-Event-ID gets what it missed from a replaying origin.
func TestProxyReconnectReplaysThroughTheChain(t *testing.T) {
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(100, 0)))
	origin := hubServer(t, hub, nil) + "/events?topic=t"
	url := chain(t, origin, 2, nil)

	s := testkit.Subscribe(t, url)
	broadcast(t, hub, "t", "e1", "e2")
	assert.DeepEqual(t, []string{"e1", "e2"}, s.WaitFor(t, 2))
	s.Stop()

	broadcast(t, hub, "t", "e3", "e4")
	lastID := s.IDs()[1]
	back := testkit.Subscribe(t, url, sse.WithLastEventID(lastID))
	broadcast(t, hub, "t", "e5")
	assert.DeepEqual(t, []string{"e3", "e4", "e5"}, back.WaitFor(t, 3))
}

// TestProxyForwardsTheJoinPosition: a client that joins through the chain learns its
// position from the origin even before its first event, so that it resumes there.
func TestProxyForwardsTheJoinPosition(t *testing.T) {
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(100, 0)))
	origin := hubServer(t, hub, nil) + "/events?topic=t"
	broadcast(t, hub, "t", "before")
	url := chain(t, origin, 2, nil)

	// The position block arrives right after the header, before any event.
	resp := openStream(t, url)
	line, err := bufio.NewReader(resp.BodyStream()).ReadString('\n')
	assert.Nil(t, err)
	id, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "id: ")
	assert.Assert(t, ok && id != "", line)
	forceClose(resp)

	broadcast(t, hub, "t", "missed")
	back := testkit.Subscribe(t, url, sse.WithLastEventID(id))
	assert.DeepEqual(t, []string{"missed"}, back.WaitFor(t, 1))
}
