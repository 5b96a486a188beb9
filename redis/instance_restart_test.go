// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// TestInstanceRestartResumesExactly: an instance restarts while Redis keeps the
// history, and events are published on another instance meanwhile. Its client comes
// back by itself and receives every event once, in order: what it missed from the
// history, then live ones; nothing is announced as lost.
func TestInstanceRestartResumesExactly(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	restarting, _, _ := startRestartable(t, srv, "127.0.0.1:0")
	other := startInstance(t, srv, nil)
	sub := testkit.Subscribe(t, restarting.URL+"/events", sse.WithReconnect(sse.ReconnectPolicy{}))
	other.broadcast(t, "a", "p1", "p2")
	sub.WaitFor(t, 2)

	restarting.Stop()
	other.broadcast(t, "a", "p3", "p4") // while the instance is down
	_, hub, _ := startRestartable(t, srv, restarting.Addr)
	assert.DeepEqual(t, []string{"p1", "p2", "p3", "p4"}, sub.WaitFor(t, 4))
	assert.Nil(t, hub.BroadcastTo(context.Background(), "a", &sse.Event{Data: []byte("p5")}))
	assert.DeepEqual(t, []string{"p1", "p2", "p3", "p4", "p5"}, sub.WaitFor(t, 5))
}

// TestRedisDownTellsConnectingClientsToComeBack: while Redis is down, a client that
// connects is answered with a stream that says so and when to come back, never an
// empty 200 or an error status; once Redis is back, the client is served.
func TestRedisDownTellsConnectingClientsToComeBack(t *testing.T) {
	srv := startRedis(t, redisConfig{persistent: true})
	in, _, b := startRestartable(t, srv, "127.0.0.1:0")
	srv.kill()
	var comments []string
	events, err := collectEvents(t, sse.NewClient(in.URL+"/events",
		sse.WithOnComment(func(text string) { comments = append(comments, text) })))
	assert.Nil(t, err) // a clean end of stream: a reconnecting client comes back
	assert.DeepEqual(t, 0, len(events))
	assert.DeepEqual(t, []string{"event history unavailable"}, comments)

	srv.restart()
	// Connecting before the instance reaches Redis again would be answered as above,
	// and the client, which has no Last-Event-ID, would miss what came before it
	// was back.
	waitReachable(t, b)
	sub := testkit.Subscribe(t, in.URL+"/events", sse.WithReconnect(sse.ReconnectPolicy{}))
	other := startInstance(t, srv, nil)
	other.broadcast(t, "a", "back")
	assert.DeepEqual(t, []string{"back"}, sub.WaitFor(t, 1))
}

// collectEvents subscribes with c until the stream ends.
func collectEvents(t *testing.T, c *sse.Client) ([]*sse.Event, error) {
	t.Helper()
	var events []*sse.Event
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := c.SubscribeWithContext(ctx, func(e *sse.Event) { events = append(events, e) })
	return events, err
}
