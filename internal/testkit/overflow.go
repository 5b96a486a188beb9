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
	conn := &stalledConn{publishing: make(chan struct{}, 8), release: make(chan struct{})}
	if err := hub.Register(conn); err != nil {
		t.Fatal(err)
	}
	broadcast := func() {
		t.Helper()
		if err := hub.Broadcast(context.Background(), &sse.Event{Data: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
	broadcast()
	Within(t, 10*time.Second, conn.publishing, "the first event to be written")
	broadcast() // fills the queue, which the writer has emptied
	broadcast() // does not fit
	close(conn.release)
	if err := hub.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// stalledConn is a Connection whose Publish says it was called, then waits for
// release.
type stalledConn struct {
	publishing chan struct{}
	release    chan struct{}
}

func (c *stalledConn) Publish(*sse.Event) error {
	c.publishing <- struct{}{}
	<-c.release
	return nil
}

func (c *stalledConn) SendComment(string) error     { return nil }
func (c *stalledConn) SetRetry(time.Duration) error { return nil }
func (c *stalledConn) Close() error                 { return nil }
