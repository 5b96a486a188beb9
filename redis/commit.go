// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
)

const (
	// recordTTL is how long Redis keeps a Backend's commit record after its last
	// batch: longer than any copy of a command can wait in Redis's buffers.
	recordTTL = 10 * time.Minute
	// settleTimeout bounds how long a batch whose reply was lost waits to learn its
	// outcome.
	settleTimeout = 5 * time.Second
	// maxBatchBytes bounds the events' bytes of one batch, unless one Publish or
	// StoreBatch call brings more alone.
	maxBatchBytes = 1 << 20
	// maxScratch is the most arguments a lane keeps room for between batches.
	maxScratch = 4 * DefaultMaxBatch
)

// commitQueue is a Backend's group commit: while batches of events are on their way
// to Redis, the Publish and StoreBatch calls that arrive queue up, and the next batch
// takes them all, in one script call.
//
// It runs no goroutine: the publishing goroutines take turns as leaders. Up to
// [WithMaxInFlight] batches are on their way at once, each sent by the leader of a
// lane, which takes what is queued (its own call first), runs the script, hands each
// call its outcome, and passes the lane to the oldest call still queued. A call that
// finds a lane free leads at once. Each lane has a commit record of its own and one
// batch in flight at a time, so its batches are numbered in the order Redis stores
// them.
type commitQueue struct {
	mu      sync.Mutex
	pending []*publishCall // queued, oldest first
	idle    []*lane        // lanes without a leader; only while pending is empty
}

// lane is where one leader at a time sends its batches.
type lane struct {
	record string // the key of its commit record
	seq    uint64 // the number of the last batch it sent
	// The leader's scratch.
	batch   []*publishCall
	args    []any
	retries []int64
}

func (q *commitQueue) init(stream, token string, lanes int) {
	for i := range lanes {
		q.idle = append(q.idle, &lane{record: recordKey(stream, token+"-"+strconv.Itoa(i))})
	}
}

// publishCall is one Publish or StoreBatch call on its way through the queue.
type publishCall struct {
	events []sse.TopicEvent
	one    [1]sse.TopicEvent // events, for Publish
	bytes  int               // the events' share of maxBatchBytes

	// Under the queue's lock.
	state callState
	lane  *lane // handed over for the call to lead a batch on

	// The outcome, set by the leader before the call is done: events[:stored]
	// were stored and have their IDs; err says what happened to the others.
	stored int
	err    error

	wake chan struct{} // holds a token when state or lane may have changed
}

type callState uint8

const (
	queued callState = iota // in pending
	taken                   // in a batch on its way to Redis
	done                    // the outcome is in
)

var publishCallPool = sync.Pool{New: func() any { return &publishCall{wake: make(chan struct{}, 1)} }}

func newPublishCall() *publishCall { return publishCallPool.Get().(*publishCall) }

func (c *publishCall) release() {
	select {
	case <-c.wake: // a token left by the change to done
	default:
	}
	clear(c.one[:])
	*c = publishCall{wake: c.wake}
	publishCallPool.Put(c)
}

// notifyLocked tells c's goroutine that c changed.
func (c *publishCall) notifyLocked() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// commit stores the events of c with the next batch and sets c's outcome. If ctx
// ends while c is queued, c is taken out and commit returns ctx.Err(): nothing of c
// is stored. Once c's batch is on its way to Redis, commit waits for its outcome.
func (b *Backend) commit(ctx context.Context, c *publishCall) error {
	q := &b.commits
	cancelled := ctx.Done()
	q.mu.Lock()
	q.pending = append(q.pending, c)
	if n := len(q.idle); n > 0 {
		c.lane = q.idle[n-1]
		q.idle = q.idle[:n-1]
	}
	for {
		if c.state == done {
			q.mu.Unlock()
			return nil
		}
		if l := c.lane; l != nil && c.state == queued {
			c.lane = nil
			q.mu.Unlock()
			b.lead(ctx, l)
			q.mu.Lock()
			continue
		}
		q.mu.Unlock()
		select {
		case <-c.wake:
		case <-cancelled:
			q.mu.Lock()
			if c.state == queued {
				q.pending = slices.DeleteFunc(q.pending, func(p *publishCall) bool { return p == c })
				if l := c.lane; l != nil {
					c.lane = nil
					q.handOverLocked(l)
				}
				q.mu.Unlock()
				return ctx.Err()
			}
			q.mu.Unlock()
			cancelled = nil // on its way to Redis: wait for the outcome
		}
		q.mu.Lock()
	}
}

// lead stores on l the batch of the calls queued first, marks them done, and hands
// l on. The batch may not hold the leader's own call, or be empty, if other leaders
// took the calls first.
func (b *Backend) lead(ctx context.Context, l *lane) {
	q := &b.commits
	q.mu.Lock()
	batch := l.batch[:0]
	events, bytes := 0, 0
	for _, c := range q.pending {
		if len(batch) > 0 && (events+len(c.events) > b.opts.maxBatch || bytes+c.bytes > maxBatchBytes) {
			break
		}
		batch = append(batch, c)
		events += len(c.events)
		bytes += c.bytes
	}
	rest := copy(q.pending, q.pending[len(batch):])
	clear(q.pending[rest:])
	q.pending = q.pending[:rest]
	for _, c := range batch {
		c.state = taken
		if other := c.lane; other != nil {
			// Handed a lane it will not lead now: hand it on.
			c.lane = nil
			q.handOverLocked(other)
		}
	}
	q.mu.Unlock()

	if len(batch) > 0 {
		// The batch carries other calls than the leader's: the leader's ctx ending
		// must not cut it short. go-redis's timeouts bound it.
		b.store(context.WithoutCancel(ctx), l, batch, events)
	}

	q.mu.Lock()
	for _, c := range batch {
		c.state = done
		c.notifyLocked()
	}
	clear(batch)
	l.batch = batch[:0]
	q.handOverLocked(l)
	q.mu.Unlock()
}

// handOverLocked passes l to the oldest queued call that has no lane, or leaves it
// idle if there is none.
func (q *commitQueue) handOverLocked(l *lane) {
	for _, c := range q.pending {
		if c.lane == nil {
			c.lane = l
			c.notifyLocked()
			return
		}
	}
	q.idle = append(q.idle, l)
}

// store runs commitScript for batch on l, which holds events events, and sets the
// outcome of each call. Only l's leader calls it.
func (b *Backend) store(ctx context.Context, l *lane, batch []*publishCall, events int) {
	l.seq++
	seq := l.seq
	cutoff := ""
	if b.opts.maxAge > 0 {
		cutoff = strconv.FormatInt(max(b.opts.now().Add(-b.opts.maxAge).UnixMilli(), 0), 10)
	}
	args := append(l.args[:0], seq, b.opts.maxLen, cutoff, recordTTL.Milliseconds())
	retries := slices.Grow(l.retries[:0], events)[:events]
	next := 0
	for _, c := range batch {
		for i := range c.events {
			args = eventArgs(args, &c.events[i], &retries[next])
			next++
		}
	}
	rec, err := commitScript.Run(ctx, b.client, []string{b.opts.key, l.record}, args...).Text()
	clear(args)
	if cap(args) <= maxScratch {
		l.args, l.retries = args[:0], retries[:0]
	}

	var out commitRecord
	var failure error
	switch {
	case err == nil:
		out, failure = b.readRecord(rec, seq, nil)
	case isRedisError(err):
		// Redis refused the script before it wrote anything.
		failure = b.wrap("publish", err)
	default:
		out, failure = b.settle(ctx, l, seq, err)
	}
	next = 0
	for _, c := range batch {
		for _, te := range c.events {
			if next >= len(out.ids) {
				break
			}
			te.Event.ID = out.ids[next]
			next++
			c.stored++
		}
		if c.stored < len(c.events) {
			c.err = failure
		}
	}
}

// settle learns the outcome of batch seq, whose reply was lost to cause, and makes
// it final: a batch Redis has not stored can no longer be stored. If Redis cannot be
// asked, the outcome is unknown: the error wraps ErrUnconfirmed.
func (b *Backend) settle(ctx context.Context, l *lane, seq uint64, cause error) (commitRecord, error) {
	ctx, cancel := context.WithTimeout(ctx, settleTimeout)
	defer cancel()
	rec, err := fenceScript.Run(ctx, b.client, []string{l.record},
		seq, recordTTL.Milliseconds(), givenUp+cause.Error()).Text()
	if err != nil {
		return commitRecord{}, fmt.Errorf("sse/redis: publish on stream %q: %w: %v; asking Redis what it stored failed too: %v",
			b.opts.key, ErrUnconfirmed, cause, err)
	}
	return b.readRecord(rec, seq, cause)
}

// givenUp starts the failure that fenceScript records.
const givenUp = "given up after: "

// readRecord reads the commit record of batch seq and returns it with the error of
// the events it does not hold: cause if settle gave the batch up, else Redis's.
func (b *Backend) readRecord(rec string, seq uint64, cause error) (commitRecord, error) {
	out, err := parseRecord(rec, seq)
	switch {
	case err != nil:
		return commitRecord{}, b.wrap("publish", fmt.Errorf("%w %q for batch %d", err, rec, seq))
	case out.failure == "":
		return out, nil
	case cause != nil && strings.HasPrefix(out.failure, givenUp):
		return out, b.wrap("publish", cause)
	}
	return out, b.wrap("publish", errors.New(out.failure))
}

// isRedisError reports whether err is an error reply of Redis, which means that the
// command did not run, rather than a failure to hear from Redis.
func isRedisError(err error) bool {
	var re goredis.Error
	return errors.As(err, &re) && !errors.Is(err, goredis.Nil)
}
