// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"sync"
)

// listeners tracks the Listen loops of a Backend: those still reading where they
// start, and those that have, from when every event published reaches them.
//
// A Hub asks LastID for the position it gives a client before registering it. A loop
// that reads where it starts after that would begin past events the client then never
// gets, live or replayed, so LastID waits for starting loops (see [Backend.LastID]).
// This is about gaps only: the Hub drops the live events a replay already sent.
type listeners struct {
	mu       sync.Mutex
	starting int           // loops that have yet to read where they start
	placed   int           // loops that have
	waiters  int           // calls of waitStarted that wait
	changed  chan struct{} // closed and cleared when a count changes, made by waiters
}

// join counts a loop that has yet to read where it starts.
func (l *listeners) join() { l.update(1, 0) }

// place records that a joined loop has read where it starts.
func (l *listeners) place() { l.update(-1, 1) }

// leave stops counting a loop that returns.
func (l *listeners) leave(placed bool) {
	if placed {
		l.update(0, -1)
	} else {
		l.update(-1, 0)
	}
}

func (l *listeners) update(starting, placed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.starting += starting
	l.placed += placed
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// anyStarting reports whether a loop has yet to read where it starts.
func (l *listeners) anyStarting() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.starting > 0
}

// waitStarted returns once no loop is still reading where it starts, or ctx.Err().
func (l *listeners) waitStarted(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.starting > 0 {
		changed := l.changedLocked()
		l.waiters++
		l.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
		}
		l.mu.Lock()
		l.waiters--
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// count returns the number of placed loops, and a channel closed when it changes.
func (l *listeners) count() (int, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.placed, l.changedLocked()
}

func (l *listeners) changedLocked() chan struct{} {
	if l.changed == nil {
		l.changed = make(chan struct{})
	}
	return l.changed
}
