// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// durationMetrics records the durations a hub reports, and whether each came after
// a ConnectionClosed that it could belong to.
type durationMetrics struct {
	sse.NopMetrics
	mu        sync.Mutex
	closed    int
	durations []time.Duration
	early     int // ConnectionEnded calls that no ConnectionClosed preceded
}

func (m *durationMetrics) ConnectionClosed() { m.mu.Lock(); m.closed++; m.mu.Unlock() }

func (m *durationMetrics) ConnectionEnded(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.durations) >= m.closed {
		m.early++
	}
	m.durations = append(m.durations, d)
}

func (m *durationMetrics) reported() (durations []time.Duration, early int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]time.Duration(nil), m.durations...), m.early
}

func TestHubReportsConnectionDurations(t *testing.T) {
	metrics := &durationMetrics{}
	hub := sse.NewHub(sse.WithHubMetrics(metrics))
	served := make(chan struct{}, 2) // a token per handler that returned
	url := testkit.ServeTopics(t, hub, func(error) { served <- struct{}{} }, testkit.SenseDisconnect)

	clients := []*testkit.Subscriber{testkit.Subscribe(t, url+"/events"), testkit.Subscribe(t, url+"/events")}
	opened := time.Now() // both streams are open: both clients have joined the hub
	broadcast(t, hub, "", "x")
	for _, c := range clients {
		c.WaitFor(t, 1)
	}
	// Keep the streams open past their last write, so that a duration measured from
	// anything later than the join (the last event, say) comes out too short.
	const hold = 20 * time.Millisecond
	time.Sleep(hold)
	held := time.Since(opened)
	for _, c := range clients {
		c.Stop()
	}
	for range clients {
		testkit.Within(t, 10*time.Second, served, "a handler to return")
	}

	// Serve returns after the hub has let the client go: every report is in.
	durations, early := metrics.reported()
	assert.DeepEqual(t, 2, len(durations))
	assert.DeepEqual(t, 0, early)
	for _, d := range durations {
		assert.Assertf(t, d >= held, "a client stayed %v by the hub's count, but its stream was open for %v", d, held)
	}
	assert.Nil(t, hub.Shutdown(context.Background()))
	durations, _ = metrics.reported()
	assert.DeepEqual(t, 2, len(durations)) // one per client, however it ended
}

// stays counts the clients that left a hub and how long they stayed in all.
type stays struct {
	sse.NopMetrics
	mu      sync.Mutex
	clients int
	total   time.Duration
}

func (s *stays) ConnectionEnded(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients++
	s.total += d
}

// A Metrics that also has ConnectionEnded is a DurationMetrics: the hub tells it how
// long each client stayed.
func ExampleDurationMetrics() {
	m := &stays{}
	hub := sse.NewHub(sse.WithHubMetrics(m))
	_ = hub.Register(sse.NewStreamWithWriter(io.Discard))
	_ = hub.Register(sse.NewStreamWithWriter(io.Discard))
	_ = hub.Shutdown(context.Background()) // ends both clients and waits for them

	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Println(m.clients, "clients left")
	// Output:
	// 2 clients left
}

func TestHubMetrics(t *testing.T) {
	metrics := newCountingMetrics()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(10, 0)), sse.WithHubMetrics(metrics))
	url := hubServer(t, hub, nil)
	s := testkit.Subscribe(t, url+"/events?topic=t")
	broadcast(t, hub, "t", "1", "2")
	s.WaitFor(t, 2)
	first := s.IDs()[0]
	s.Stop()

	back := testkit.Subscribe(t, url+"/events?topic=t", sse.WithLastEventID(first))
	back.WaitFor(t, 1)
	lost := testkit.Subscribe(t, url+"/events?topic=t", sse.WithLastEventID("unknown"))
	lost.WaitFor(t, 1) // the history-lost event

	// Shutdown waits for every client's writer: after it, every count is in.
	assert.Nil(t, hub.Shutdown(context.Background()))
	metrics.mu.Lock()
	defer metrics.mu.Unlock()
	assert.DeepEqual(t, 3, metrics.opened)
	assert.DeepEqual(t, 3, metrics.closed)
	assert.DeepEqual(t, 2, metrics.published)
	assert.DeepEqual(t, 2, metrics.delivered) // live events; replayed ones are counted by Replay
	assert.DeepEqual(t, 2, metrics.replays)
	assert.DeepEqual(t, 1, metrics.replayHit)
	assert.DeepEqual(t, 1, metrics.replayed)
}
