// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"testing"
	"time"

	"github.com/hertz-contrib/sse"
)

// OverflowQueue runs a hub with a queue of one event per client and policy,
// reporting to m, through exactly one event that finds its client's queue full, then
// shuts the hub down. When it returns, m has been told everything: one connection
// opened and closed, three events published and one QueueFull(policy).
func OverflowQueue(t testing.TB, policy sse.SlowPolicy, m sse.Metrics) {
	t.Helper()
	hub := sse.NewHub(sse.WithQueueSize(1), sse.WithSlowPolicy(policy), sse.WithHubMetrics(m))
	publishing, release := make(chan struct{}, 8), make(chan struct{})
	if err := hub.Register(&BlockingConn{Entered: publishing, Release: release}); err != nil {
		t.Fatal(err)
	}
	broadcast := func() {
		t.Helper()
		if err := hub.Broadcast(context.Background(), &sse.Event{Data: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
	broadcast()
	Within(t, 10*time.Second, publishing, "the first event to be written")
	broadcast() // fills the queue, which the writer has emptied
	broadcast() // does not fit
	close(release)
	if err := hub.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
