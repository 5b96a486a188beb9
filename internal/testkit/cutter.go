// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/network"
)

// Cutter cuts the connections of streaming handlers at random moments, for tests of
// what clients recover after being cut off.
type Cutter struct {
	mu     sync.Mutex
	live   map[network.Conn]struct{}
	joined chan struct{}
}

// NewCutter returns a Cutter with no connection tracked.
func NewCutter() *Cutter {
	return &Cutter{live: make(map[network.Conn]struct{}), joined: make(chan struct{}, 1024)}
}

// Track makes the connection of c a candidate for Cut until the returned function is
// called, which the handler does when it returns.
func (k *Cutter) Track(c *app.RequestContext) (untrack func()) {
	conn := c.GetConn()
	k.mu.Lock()
	k.live[conn] = struct{}{}
	k.mu.Unlock()
	k.joined <- struct{}{}
	return func() {
		k.mu.Lock()
		delete(k.live, conn)
		k.mu.Unlock()
	}
}

// Handler returns next with the connection of each request tracked while next runs.
func (k *Cutter) Handler(next app.HandlerFunc) app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		defer k.Track(c)()
		next(ctx, c)
	}
}

// WaitJoined waits until n handlers have called Track.
func (k *Cutter) WaitJoined(t testing.TB, n int) {
	t.Helper()
	for range n {
		Within(t, 10*time.Second, k.joined, "a client to connect")
	}
}

// Cut closes one random tracked connection, wherever its stream happens to be, and
// waits for a handler to call Track again: the cut client coming back.
func (k *Cutter) Cut(t testing.TB) {
	t.Helper()
	k.mu.Lock()
	skip := rand.IntN(len(k.live))
	for conn := range k.live {
		if skip == 0 {
			_ = conn.Close()
			delete(k.live, conn) // never pick it twice; its handler notices at its next write
			break
		}
		skip--
	}
	k.mu.Unlock()
	k.WaitJoined(t, 1)
}

// Churn broadcasts the events of an exactly-once test while it cuts connections: for
// each round n below perTopic, one event to each topic "t0" to "t<topics-1>", every
// perTopic/everyone rounds one more to every client (topic ""), and every third round
// a Cut. broadcast(n, topic, data) sends one event. Churn returns, per topic, the data
// that each of its clients must end with, in order.
func (k *Cutter) Churn(t testing.TB, topics, perTopic, everyone int, broadcast func(n int, topic, data string)) [][]string {
	t.Helper()
	want := make([][]string, topics)
	for n := range perTopic {
		for tp := range topics {
			data := fmt.Sprintf("t%d-%d", tp, n)
			broadcast(n, fmt.Sprintf("t%d", tp), data)
			want[tp] = append(want[tp], data)
		}
		if n%(perTopic/everyone) == 0 {
			data := fmt.Sprintf("all-%d", n)
			broadcast(n, "", data)
			for tp := range want {
				want[tp] = append(want[tp], data)
			}
		}
		if n%3 == 0 {
			k.Cut(t)
		}
	}
	return want
}
