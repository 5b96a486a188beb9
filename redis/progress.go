// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"sync"
)

// progress tracks how far each running Listen loop of a Backend has delivered, so
// that LastID can wait until every local Listen loop has delivered what the stream
// held when it was called.
//
// A Hub reads LastID before it registers a client and replays after it: if a Listen
// loop could still deliver an event at or before that ID, the new client would get it
// live after, and on top of, its replay.
type progress struct {
	mu      sync.Mutex
	cursors map[*cursor]struct{}
	changed chan struct{} // closed and cleared when a cursor moves, made by waiters
	waiters int           // calls of wait that are waiting
}

// cursor is the ID of the last entry one Listen loop has delivered.
type cursor struct {
	at     streamID
	placed bool // at is known: the loop has read where to start
}

// join starts tracking a Listen loop that has yet to read where it starts: until
// advance places it, wait waits for it.
func (p *progress) join() *cursor {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cursors == nil {
		p.cursors = make(map[*cursor]struct{})
	}
	c := &cursor{}
	p.cursors[c] = struct{}{}
	return c
}

// leave stops tracking c: a Listen loop that has returned holds nobody up.
func (p *progress) leave(c *cursor) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.cursors, c)
	p.notifyLocked()
}

// advance records that c's loop has delivered every entry up to at, or starts after
// at.
func (p *progress) advance(c *cursor, at streamID) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c.at, c.placed = at, true
	p.notifyLocked()
}

func (p *progress) notifyLocked() {
	if p.changed != nil {
		close(p.changed)
		p.changed = nil
	}
}

// wait returns once every tracked Listen loop has delivered up to id, or ctx.Err().
func (p *progress) wait(ctx context.Context, id streamID) error {
	for {
		p.mu.Lock()
		behind := false
		for c := range p.cursors {
			if !c.placed || c.at.compare(id) < 0 {
				behind = true
				break
			}
		}
		if !behind {
			p.mu.Unlock()
			return nil
		}
		if p.changed == nil {
			p.changed = make(chan struct{})
		}
		changed := p.changed
		p.waiters++
		p.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
		}
		p.mu.Lock()
		p.waiters--
		p.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
