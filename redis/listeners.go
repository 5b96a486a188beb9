// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import "sync"

// listeners counts the Listen loops of a Backend that have read where they start:
// from then on, every event published reaches them. It is all a caller needs to know
// to publish without losing an event to a loop that is still starting. It does not
// take part in de-duplication: the Hub drops the live events a replay already sent.
type listeners struct {
	mu      sync.Mutex
	placed  int
	changed chan struct{} // closed and cleared when placed changes, made by waiters
}

// add records that one more Listen loop has found where to start.
func (l *listeners) add(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.placed += n
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// count returns the number of placed loops, and a channel closed when it changes.
func (l *listeners) count() (int, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.changed == nil {
		l.changed = make(chan struct{})
	}
	return l.placed, l.changed
}
