// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"fmt"
	"sync"
)

// maxCommitBatch bounds how many broadcasts one batch stores, so that the hub's lock
// is never held for long by one fan-out.
const maxCommitBatch = 256

// commitQueue stores the broadcasts of a Hub with a Replayer (and no Broadcaster) in
// batches, outside the hub's lock, and fans each batch out in the order the Replayer
// stored it, so that every client's queue stays in ID order, which replay needs.
//
// It runs no goroutine: the broadcasting goroutines take turns as the leader, which
// takes every broadcast queued so far (its own first), stores them, fans them out,
// wakes their goroutines, and passes the lead to the oldest broadcast still queued. A
// broadcast that finds no leader leads at once, so a lone broadcast waits for its own
// store only.
type commitQueue struct {
	hub *Hub

	mu      sync.Mutex
	pending []*commit // queued, oldest first
	busy    bool      // a leader is at work: pending waits for it

	// Scratch of the leader of the moment, handed over under mu.
	batch []*commit
	items []TopicEvent
}

// commit is one broadcast on its way through a commitQueue.
type commit struct {
	topic string
	event Event

	// Under the queue's lock.
	taken bool // in a batch being stored: the outcome will come
	lead  bool // promoted to lead the next batch

	// Set by the leader before it wakes the broadcast.
	err    error
	fanned bool // stored and queued for the clients

	wake chan struct{} // one token: the outcome is in, or lead
}

var commitPool = sync.Pool{New: func() any { return &commit{wake: make(chan struct{}, 1)} }}

// broadcast stores ev under topic with the next batch, fans it out, and returns the
// outcome; ev.ID is then the stored event's. See [Hub.BroadcastTo].
func (q *commitQueue) broadcast(ctx context.Context, topic string, ev *Event) error {
	h := q.hub
	if h.isClosed() {
		return ErrHubClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c := commitPool.Get().(*commit)
	defer q.release(c)
	c.topic, c.event = topic, *ev

	q.mu.Lock()
	q.pending = append(q.pending, c)
	leads := !q.busy
	q.busy = true
	q.mu.Unlock()
	if !leads {
		if !q.wait(ctx, c) {
			return ctx.Err()
		}
		leads = c.lead
	}
	if leads {
		q.lead(ctx)
	}
	if c.err != nil {
		return c.err
	}
	if c.fanned {
		h.announce(c)
	}
	ev.ID = c.event.ID
	return nil
}

// wait waits for c's outcome or for c to be promoted. If ctx ends while c is still
// queued, it takes c out of the queue and reports false: c will never be stored.
func (q *commitQueue) wait(ctx context.Context, c *commit) bool {
	select {
	case <-c.wake:
		return true
	case <-ctx.Done():
	}
	q.mu.Lock()
	if c.taken {
		q.mu.Unlock()
		<-c.wake // in a batch being stored: its outcome is coming
		return true
	}
	for i, p := range q.pending {
		if p == c {
			q.pending = append(q.pending[:i], q.pending[i+1:]...)
			break
		}
	}
	if c.lead {
		<-c.wake // sent under mu with the promotion
		c.lead = false
		q.promoteLocked()
	}
	q.mu.Unlock()
	return false
}

// lead stores and fans out the next batch, which starts with the leader's own
// broadcast, wakes its broadcasts, and passes the lead on.
func (q *commitQueue) lead(ctx context.Context) {
	q.mu.Lock()
	n := min(len(q.pending), maxCommitBatch)
	batch := append(q.batch[:0], q.pending[:n]...)
	rest := copy(q.pending, q.pending[n:])
	clear(q.pending[rest:])
	q.pending = q.pending[:rest]
	for _, c := range batch {
		c.taken = true
	}
	q.mu.Unlock()

	// The batch carries other broadcasts than the leader's: the leader's ctx ending
	// must not cut it short.
	q.hub.storeBatch(context.WithoutCancel(ctx), batch, q.items[:0])

	q.mu.Lock()
	for _, c := range batch[1:] {
		c.wake <- struct{}{}
	}
	clear(batch)
	q.batch = batch[:0]
	q.promoteLocked()
	q.mu.Unlock()
}

// promoteLocked passes the lead to the oldest queued broadcast, or ends the leader's
// turn if there is none.
func (q *commitQueue) promoteLocked() {
	if len(q.pending) == 0 {
		q.busy = false
		return
	}
	next := q.pending[0]
	next.lead = true
	next.wake <- struct{}{}
}

func (q *commitQueue) release(c *commit) {
	*c = commit{wake: c.wake}
	commitPool.Put(c)
}

// storeBatch stores batch through the Replayer, in one StoreBatch call if it has one,
// then fans out what was stored under one acquisition of the hub's lock. items is
// scratch space.
func (h *Hub) storeBatch(ctx context.Context, batch []*commit, items []TopicEvent) {
	for _, c := range batch {
		items = append(items, TopicEvent{Topic: c.topic, Event: &c.event})
	}
	stored := items[:0]
	if bs, ok := h.opts.replayer.(BatchStorer); ok {
		n, err := bs.StoreBatch(ctx, items)
		n = min(max(n, 0), len(items))
		if n < len(items) && err == nil {
			err = fmt.Errorf("stored %d events of %d", n, len(items))
		}
		for _, c := range batch[n:] {
			c.err = fmt.Errorf("sse: store event for topic %q: %w", c.topic, err)
		}
		stored = items[:n]
	} else {
		for i, c := range batch {
			if err := h.opts.replayer.Store(ctx, c.topic, &c.event); err != nil {
				c.err = fmt.Errorf("sse: store event for topic %q: %w", c.topic, err)
				continue
			}
			stored = append(stored, items[i])
		}
	}
	if len(stored) > 0 {
		frames := newFrames(stored, false)
		h.mu.Lock()
		var slow []*member
		if !h.closed {
			slow = h.fanOutBatchLocked(frames)
			for _, c := range batch {
				c.fanned = c.err == nil
			}
		}
		h.mu.Unlock()
		for _, m := range slow {
			m.kick()
		}
	}
	clear(items)
	h.commits.items = items[:0]
}

// announce reports a stored broadcast to the metrics and hooks, on its own
// goroutine, with a copy of the event that the hooks may keep.
func (h *Hub) announce(c *commit) {
	if h.opts.onBroadcast == nil && h.opts.onBroadcastTo == nil {
		h.opts.metrics.EventPublished(c.topic)
		return
	}
	ev := c.event
	h.afterFanOut(c.topic, &ev, nil)
}
