// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/protocol"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

var fastReconnect = sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond, MaxDelay: 5 * time.Millisecond})

// replayingHandler serves events 1..total, starting after the request's
// Last-Event-ID, and ends each connection after perConn events: cleanly on odd
// connections, by cutting the TCP connection mid-stream on even ones. Once every event
// has been served it answers 204 No Content.
func replayingHandler(t *testing.T, total, perConn int, conns *atomic.Int32) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		n := conns.Add(1)
		next := 1
		if id := sse.GetLastEventID(c); id != "" {
			last, err := strconv.Atoi(id)
			if err != nil {
				t.Errorf("bad Last-Event-ID %q", id)
			}
			next = last + 1
		} else if n > 1 {
			t.Error("a reconnection did not send Last-Event-ID")
		}
		if next > total {
			c.Status(204)
			return
		}
		s := sse.NewStream(c)
		_ = s.SetRetry(time.Millisecond)
		for i := next; i < next+perConn && i <= total; i++ {
			if err := s.Publish(&sse.Event{ID: strconv.Itoa(i), Data: []byte("event " + strconv.Itoa(i))}); err != nil {
				return
			}
		}
		if n%2 == 0 {
			_ = c.GetConn().Close() // no end of body: the client sees a broken stream
		}
	}
}

func TestReconnectResumesWithLastEventID(t *testing.T) {
	const total, perConn = 50, 7
	var conns atomic.Int32
	url := serveSSE(t, replayingHandler(t, total, perConn, &conns))
	var connects, disconnects counter
	c := sse.NewClient(url+"/sse", fastReconnect, sse.WithOnConnect(connects.inc), sse.WithOnDisconnect(disconnects.inc))

	events, err := collect(t, context.Background(), c)
	assert.Nil(t, err) // the final 204 ends the subscription cleanly
	assert.DeepEqual(t, total, len(events))
	for i, e := range events {
		assert.DeepEqual(t, strconv.Itoa(i+1), e.ID)
		assert.DeepEqual(t, "event "+strconv.Itoa(i+1), string(e.Data))
	}
	opened := (total + perConn - 1) / perConn
	assert.DeepEqual(t, opened+1, int(conns.Load())) // and one more that got 204
	assert.DeepEqual(t, opened, connects.get())
	assert.DeepEqual(t, opened, disconnects.get())
	assert.DeepEqual(t, strconv.Itoa(total), string(c.GetLastEventID()))
}

func TestReconnectOnStatus(t *testing.T) {
	var calls500, calls404, calls503 atomic.Int32
	url := testkit.Serve(t, testkit.Routes{
		"/500-once": func(ctx context.Context, c *app.RequestContext) {
			if calls500.Add(1) == 1 {
				c.String(500, "try again")
				return
			}
			c.Status(204)
		},
		"/404": func(ctx context.Context, c *app.RequestContext) {
			calls404.Add(1)
			c.String(404, "gone")
		},
		"/503": func(ctx context.Context, c *app.RequestContext) {
			calls503.Add(1)
			c.String(503, "busy")
		},
	})

	_, err := collect(t, context.Background(), sse.NewClient(url+"/500-once", fastReconnect))
	assert.Nil(t, err)
	assert.DeepEqual(t, int32(2), calls500.Load())

	_, err = collect(t, context.Background(), sse.NewClient(url+"/404", fastReconnect))
	assert.Assert(t, errors.Is(err, sse.ErrUnexpectedStatus), err)
	assert.DeepEqual(t, int32(1), calls404.Load())

	c := sse.NewClient(url+"/503", sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond, MaxAttempts: 3}))
	_, err = collect(t, context.Background(), c)
	assert.Assert(t, errors.Is(err, sse.ErrGaveUp), err)
	assert.Assert(t, errors.Is(err, sse.ErrUnexpectedStatus), err) // the last failure is wrapped
	assert.DeepEqual(t, int32(4), calls503.Load())                 // the first try and 3 attempts
}

func TestReconnectGivesUpAfterMaxElapsed(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/503": func(ctx context.Context, c *app.RequestContext) { c.String(503, "busy") },
	})
	c := sse.NewClient(url+"/503", sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond, MaxElapsed: 20 * time.Millisecond}))
	_, err := collect(t, context.Background(), c)
	assert.Assert(t, errors.Is(err, sse.ErrGaveUp), err)
}

// TestReconnectStopsOnCancelWhileWaiting: a client refused with 503 waits an hour
// before its next attempt; cancelling in the middle of that wait ends Subscribe at once.
func TestReconnectStopsOnCancelWhileWaiting(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/503": func(ctx context.Context, c *app.RequestContext) { c.String(503, "busy") },
	})
	ctx, cancel := context.WithCancel(context.Background())
	var connects counter
	waiting := make(chan struct{})
	c := sse.NewClient(url+"/503", sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Hour}),
		sse.WithOnConnect(connects.inc), sse.WithClientMetrics(reconnectSignal{waiting: waiting}))
	result := make(chan error, 1)
	go func() { _, err := collect(t, ctx, c); result <- err }()
	testkit.Within(t, 10*time.Second, waiting, "the client to start waiting an hour before it reconnects")
	cancel()
	assert.DeepEqual(t, context.Canceled, testkit.Within(t, 10*time.Second, result, "Subscribe to return"))
	assert.DeepEqual(t, 0, connects.get())
}

// reconnectSignal closes waiting when the client is about to wait before reconnecting.
type reconnectSignal struct {
	sse.NopMetrics
	waiting chan struct{}
}

func (m reconnectSignal) Reconnect() { close(m.waiting) }

// TestReconnectKeepsTheLastEventIDAcrossEmptyConnections: a connection that ends
// before it sets an ID leaves the last event ID as it was, so the next reconnection
// still resumes from it, and events without an id carry it, as in a browser.
func TestReconnectKeepsTheLastEventIDAcrossEmptyConnections(t *testing.T) {
	var conns atomic.Int32
	sent := make(chan string, 4)
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		sent <- sse.GetLastEventID(c)
		s := sse.NewStream(c)
		switch conns.Add(1) {
		case 1:
			_ = s.Publish(&sse.Event{ID: "5", Data: []byte("five")})
		case 2:
			// Ends at once: nothing but the open stream.
		case 3:
			_ = s.SendComment("a comment sets no ID")
		default:
			_ = s.Publish(&sse.Event{Data: []byte("no id")})
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []*sse.Event
	err := sse.NewClient(url+"/sse", sse.WithReconnect(sse.ReconnectPolicy{Delay: -1})).SubscribeWithContext(ctx, func(e *sse.Event) {
		if got = append(got, e); len(got) == 2 {
			cancel()
		}
	})
	assert.DeepEqual(t, context.Canceled, err)
	assert.DeepEqual(t, []string{"", "5", "5", "5"}, []string{<-sent, <-sent, <-sent, <-sent})
	assert.DeepEqual(t, "5", got[1].ID)
	assert.DeepEqual(t, "no id", string(got[1].Data))
}

func TestClientMetricsCountReconnects(t *testing.T) {
	metrics := newCountingMetrics()
	calls := 0
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		if calls++; calls > 3 {
			c.Status(204)
			return
		}
		_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
	})
	_, err := collect(t, context.Background(), sse.NewClient(url+"/sse", fastReconnect, sse.WithClientMetrics(metrics)))
	assert.Nil(t, err)
	assert.DeepEqual(t, 3, metrics.reconnects)
}

// TestResponseCallbackCanAskForAnotherAttempt: a ResponseCallback that answers with a
// ResponseError of a retryable status makes a reconnecting client try again, as the
// client's own checks would; any other error of it ends Subscribe at once.
func TestResponseCallbackCanAskForAnotherAttempt(t *testing.T) {
	var calls atomic.Int32
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		calls.Add(1)
		_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
	})
	busy := func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		return &sse.ResponseError{StatusCode: 503, Err: sse.ErrUnexpectedStatus}
	}
	c := sse.NewClient(url+"/sse", sse.WithResponseCallback(busy),
		sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond, MaxAttempts: 2}))
	_, err := collect(t, context.Background(), c)
	assert.Assert(t, errors.Is(err, sse.ErrGaveUp) && errors.Is(err, sse.ErrUnexpectedStatus), err)
	assert.DeepEqual(t, int32(3), calls.Load()) // the first try and two more

	calls.Store(0)
	refuse := func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		return errors.New("not for us")
	}
	c = sse.NewClient(url+"/sse", sse.WithResponseCallback(refuse), sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond}))
	_, err = collect(t, context.Background(), c)
	assert.DeepEqual(t, "not for us", err.Error())
	assert.DeepEqual(t, int32(1), calls.Load())
}

// startOrigin runs the README's hub idiom on addr: a hub with an in-memory history,
// served on /events and shut down with the server.
func startOrigin(t *testing.T, addr string) (*testkit.Server, *sse.Hub) {
	t.Helper()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(1000, time.Minute)), sse.WithHubRetry(50*time.Millisecond))
	return testkit.ServeHubAt(t, addr, hub, "t"), hub
}

// TestClientSurvivesARestartThatLosesTheHistory: the origin restarts on the same port
// with a new hub, so its history is gone. A reconnecting client, direct or through a
// proxy hop, comes back by itself, is told once that its history was lost, and
// receives the new instance's events.
func TestClientSurvivesARestartThatLosesTheHistory(t *testing.T) {
	for _, hops := range []int{0, 1} {
		name := "direct"
		if hops > 0 {
			name = "through a proxy"
		}
		t.Run(name, func(t *testing.T) {
			origin, hub := startOrigin(t, "127.0.0.1:0")
			url := origin.URL + "/events"
			if hops > 0 {
				url = chain(t, url, hops, nil, sse.WithProxyRetry(50*time.Millisecond))
			}
			events := make(chan *sse.Event, 16)
			connected := make(chan struct{}, 16)
			sub := testkit.Run(t, func(ctx context.Context, record func(*sse.Event)) error {
				c := sse.NewClient(url, sse.WithReconnect(sse.ReconnectPolicy{}),
					sse.WithOnConnect(func(context.Context, *sse.Client) { connected <- struct{}{} }))
				return c.SubscribeWithContext(ctx, func(e *sse.Event) {
					record(e)
					events <- e
				})
			})
			testkit.Within(t, 10*time.Second, connected, "the first connection")
			assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("before")}))
			before := testkit.Within(t, 10*time.Second, events, "the event before the restart")

			origin.Stop()
			_, hub = startOrigin(t, origin.Addr)

			notice := testkit.Within(t, 10*time.Second, events, "the history-lost event after the restart")
			lost, ok := sse.IsHistoryLost(notice)
			assert.Assert(t, ok, notice)
			assert.DeepEqual(t, sse.HistoryLost{LastEventID: before.ID, Reason: "unknown"}, lost)
			assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("after")}))
			after := testkit.Within(t, 10*time.Second, events, "the event after the restart")
			assert.DeepEqual(t, "after", string(after.Data))
			assert.DeepEqual(t, []string{"before", string(notice.Data), "after"}, sub.Data())
		})
	}
}

// TestReconnectingHopKeepsItsClientAcrossAnUpstreamRestart: a hop whose upstream
// client reconnects keeps its own client's stream open while the origin restarts; a
// downstream client that never reconnects sees the whole story on one stream.
func TestReconnectingHopKeepsItsClientAcrossAnUpstreamRestart(t *testing.T) {
	origin, hub := startOrigin(t, "127.0.0.1:0")
	url := chain(t, origin.URL+"/events", 1, nil,
		sse.WithUpstreamClient(sse.WithReconnect(sse.ReconnectPolicy{Delay: 10 * time.Millisecond})))
	events := make(chan *sse.Event, 16)
	connects := make(chan struct{}, 16)
	sub := testkit.Run(t, func(ctx context.Context, record func(*sse.Event)) error {
		c := sse.NewClient(url, sse.WithOnConnect(func(context.Context, *sse.Client) { connects <- struct{}{} }))
		return c.SubscribeWithContext(ctx, func(e *sse.Event) {
			record(e)
			events <- e
		})
	})
	testkit.Within(t, 10*time.Second, connects, "the client to connect")
	assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("before")}))
	testkit.Within(t, 10*time.Second, events, "the event before the restart")

	origin.Stop()
	_, hub = startOrigin(t, origin.Addr)
	notice := testkit.Within(t, 10*time.Second, events, "the history-lost event, through the hop")
	_, lost := sse.IsHistoryLost(notice)
	assert.Assert(t, lost, notice)
	assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("after")}))
	testkit.Within(t, 10*time.Second, events, "the event after the restart")
	assert.DeepEqual(t, []string{"before", string(notice.Data), "after"}, sub.Data())
	assert.DeepEqual(t, 0, len(connects)) // one connection all along
}
