// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
)

// Gate is a Hertz middleware that controls a client's first two streams: the test
// ends the first one when it wants ([Gate.Interrupt]) and holds the reconnection
// until it has broadcast what the client is to miss ([Gate.Release]). Later requests
// go through untouched. Every handler that returns is counted ([Gate.WaitEnded]).
type Gate struct {
	mu       sync.Mutex
	requests int
	cancel   context.CancelFunc // ends the first stream; nil until it has started

	started  chan struct{} // closed when the first stream's handler has started
	released chan struct{} // closed by Release
	ended    chan struct{} // a token per handler that returned
}

// NewGate returns a Gate that has seen no request.
func NewGate() *Gate {
	return &Gate{started: make(chan struct{}), released: make(chan struct{}), ended: make(chan struct{}, 64)}
}

// Middleware is the handler to put in front of the streaming handler, with
// h.Use or in its route.
func (g *Gate) Middleware() app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		defer func() { g.ended <- struct{}{} }()
		g.mu.Lock()
		g.requests++
		n := g.requests
		g.mu.Unlock()
		switch n {
		case 1:
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			g.mu.Lock()
			g.cancel = cancel
			g.mu.Unlock()
			close(g.started)
			c.Next(ctx)
		case 2:
			select {
			case <-g.released:
			case <-ctx.Done():
				c.Abort()
				return
			}
			c.Next(ctx)
		default:
			c.Next(ctx)
		}
	}
}

// Interrupt ends the first stream from the server's side, by ending its handler's
// ctx, and waits for the handler to return.
func (g *Gate) Interrupt(t testing.TB) {
	t.Helper()
	Within(t, 10*time.Second, g.started, "the first stream to start")
	g.mu.Lock()
	cancel := g.cancel
	g.mu.Unlock()
	cancel()
	g.WaitEnded(t, 1)
}

// Release lets the second request through.
func (g *Gate) Release() { close(g.released) }

// WaitEnded waits until n more handlers have returned.
func (g *Gate) WaitEnded(t testing.TB, n int) {
	t.Helper()
	for range n {
		Within(t, 10*time.Second, g.ended, "a handler to return")
	}
}
