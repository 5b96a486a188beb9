// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// startOrigin runs the README's hub idiom on addr: a hub with an in-memory history,
// served on /events and shut down with the server.
func startOrigin(t *testing.T, addr string) (*testkit.Server, *sse.Hub) {
	t.Helper()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(1000, time.Minute)), sse.WithHubRetry(50*time.Millisecond))
	srv := testkit.StartServerAt(t, addr, func(h *server.Hertz) {
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c, "t") })
		h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	})
	return srv, hub
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
