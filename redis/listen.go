// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"time"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/wait"
)

// Backoff of a Listen loop after a failure: it doubles from minBackoff up to
// maxBackoff.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 2 * time.Second
)

// Listen implements [sse.Broadcaster]: it calls deliver, on the calling goroutine and
// in the stream's order, for every event published on any instance after Listen
// started, until ctx ends; then it returns ctx.Err(). A Hub calls [Backend.ListenBatch]
// instead, which hands over each read at once.
//
// It starts after the stream's newest entry and reads with blocking XREADs, up to a
// page of entries each (see [WithPageSize]), from the last entry it delivered. When
// Redis fails it logs the error, waits a backoff that grows to two seconds, and reads
// again from that entry, so that no event Redis still holds is skipped. Events
// trimmed before it could read them (it was cut off from Redis for longer than the
// history lasts) are lost to it: it logs an error naming them. When ctx ends Listen
// returns at once on a *goredis.Client or *goredis.ClusterClient, else within the
// block time (see [WithBlockTime]). Each event handed to deliver is new: deliver may
// keep it.
func (b *Backend) Listen(ctx context.Context, deliver func(topic string, event *sse.Event)) error {
	return b.ListenBatch(ctx, func(batch []sse.TopicEvent) {
		for _, te := range batch {
			deliver(te.Topic, te.Event)
		}
	})
}

// ListenBatch implements [sse.BatchListener]: it is [Backend.Listen], calling deliver
// once with the entries of each XREAD, in order. The events are new and deliver may
// keep them; the slice is reused once deliver returns.
func (b *Backend) ListenBatch(ctx context.Context, deliver func(batch []sse.TopicEvent)) error {
	r := &reader{b: b}
	defer r.close()
	// Joined before reading where to start, so that LastID waits for this loop.
	b.listeners.join()
	placed := false
	defer func() { b.listeners.leave(placed) }()
	var pos streamID
	var page pageDecoder
	var pace readPacer
	defer pace.stop()
	failures := 0
	fail := func(doing string, err error) bool {
		failures++
		pause := backoff(failures)
		b.errorf(ctx, "sse/redis: listen on stream %q: %s: %v (failure %d in a row); trying again in %v",
			b.opts.key, doing, err, failures, pause)
		return wait.Sleep(ctx, pause)
	}
	for ctx.Err() == nil {
		if !placed {
			last, _, err := b.last(ctx)
			if err != nil {
				if ctx.Err() == nil && !fail("read the newest entry", err) {
					break
				}
				continue
			}
			pos, placed = last, true
			b.listeners.place()
		}
		if !pace.wait(ctx) {
			break
		}
		started := time.Now()
		entries, err := r.read(ctx, pos.String())
		pace.after(started, len(entries) > 0 && len(entries) < b.opts.pageSize, b.opts.readInterval)
		if err != nil {
			if ctx.Err() == nil && !fail("read after "+pos.String(), err) {
				break
			}
			continue
		}
		if failures > 0 {
			b.infof(ctx, "sse/redis: listen: reading stream %q again after %d failures, from %s", b.opts.key, failures, pos)
			failures = 0
		}
		page.reset(len(entries))
		for i := range entries {
			e := &entries[i]
			id, ok := parseID(e.id)
			if !ok || id.compare(pos) <= 0 {
				continue // not an entry after pos: never from Redis
			}
			if prev, ok := parseID(e.prev); ok && prev != pos {
				b.errorf(ctx, "sse/redis: listen on stream %q: entry %s follows %s, not %s, the last one delivered: "+
					"entries were trimmed before they could be read, or Redis lost data; the clients of this instance miss them",
					b.opts.key, e.id, prev, pos)
			}
			page.add(e)
			pos = id
		}
		if len(page.batch) > 0 {
			deliver(page.batch)
		}
	}
	return ctx.Err()
}

// readPacer spaces the reads of a Listen loop on a busy stream: after a read that
// returned some entries, but not a full page, the next one waits until the read
// interval has passed since the last one began, so that it finds more. A read that
// found nothing (the stream is quiet: the next event is sent at once) or a full page
// (a backlog) is followed at once.
type readPacer struct {
	next  time.Time
	timer *time.Timer
}

// after records that a read began at started, and whether the next waits.
func (p *readPacer) after(started time.Time, busy bool, interval time.Duration) {
	p.next = time.Time{}
	if busy && interval > 0 {
		p.next = started.Add(interval)
	}
}

// wait waits until the next read may begin; it reports false if ctx ended first.
func (p *readPacer) wait(ctx context.Context) bool {
	d := time.Until(p.next)
	if p.next.IsZero() || d <= 0 {
		return true
	}
	if p.timer == nil {
		p.timer = time.NewTimer(d)
	} else {
		p.timer.Reset(d)
	}
	select {
	case <-p.timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (p *readPacer) stop() {
	if p.timer != nil {
		p.timer.Stop()
	}
}

// backoff returns how long to wait after the given number of failures in a row.
func backoff(failures int) time.Duration {
	if failures < 1 {
		return 0
	}
	return wait.Exponential(minBackoff, maxBackoff, failures-1)
}
