// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"sync"
	"time"

	r3 "github.com/r3labs/sse/v2"
)

// r3labsTracker counts an r3labs Server's subscribes and unsubscribes, which it
// reports from goroutines of its own. Closing the Server while a handler has still to
// unsubscribe strands that handler's goroutine forever, so everything that closes an
// r3labs Server first waits until every subscriber is gone.
type r3labsTracker struct {
	mu           sync.Mutex
	subs, unsubs int
	changed      chan struct{} // closed and replaced at every change
}

// newR3labsServer returns an r3labs Server that splits multi-line data into data
// lines (without SplitData, multi-line data goes out as one broken data line), with
// AutoReplay as given, and its tracker.
func newR3labsServer(autoReplay bool) (*r3.Server, *r3labsTracker) {
	t := &r3labsTracker{changed: make(chan struct{})}
	rs := r3.New()
	rs.AutoReplay = autoReplay
	rs.SplitData = true
	rs.OnSubscribe = func(string, *r3.Subscriber) { t.update(1, 0) }
	rs.OnUnsubscribe = func(string, *r3.Subscriber) { t.update(0, 1) }
	return rs, t
}

func (t *r3labsTracker) update(subs, unsubs int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.subs += subs
	t.unsubs += unsubs
	close(t.changed)
	t.changed = make(chan struct{})
}

// wait waits until cond holds for the counts, or timeout, and reports whether it held.
func (t *r3labsTracker) wait(cond func(subs, unsubs int) bool, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		t.mu.Lock()
		ok, changed := cond(t.subs, t.unsubs), t.changed
		t.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}

// waitSubscribed waits until n subscribers have subscribed, at most timeout.
func (t *r3labsTracker) waitSubscribed(n int, timeout time.Duration) bool {
	return t.wait(func(subs, _ int) bool { return subs >= n }, timeout)
}

// waitGone waits until every subscriber has unsubscribed.
func (t *r3labsTracker) waitGone() bool {
	return t.wait(func(subs, unsubs int) bool { return unsubs >= subs }, 30*time.Second)
}
