// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MemoryReplayer is a [Replayer] that keeps events in memory, bounded by count and by
// age. It is safe for concurrent use.
//
// Its IDs look like "m3kq0x1b-42": a prefix unique to this MemoryReplayer, so that an
// ID from before a restart is reported as unknown instead of being taken for a
// different event, and a sequence number.
type MemoryReplayer struct {
	maxEvents int
	ttl       time.Duration
	prefix    string
	now       func() time.Time

	mu      sync.Mutex
	seq     uint64        // ID of the newest event stored
	evicted uint64        // ID of the newest event dropped from the history
	entries []replayEntry // oldest first, from entries[start]
	start   int
}

type replayEntry struct {
	seq   uint64
	topic string
	at    time.Time
	event Event
}

// NewMemoryReplayer returns a MemoryReplayer that holds at most maxEvents events, each
// for at most ttl. Zero means no limit for either; a history without limits grows
// with every event, so set at least one in production.
func NewMemoryReplayer(maxEvents int, ttl time.Duration) *MemoryReplayer {
	return &MemoryReplayer{
		maxEvents: max(maxEvents, 0),
		ttl:       max(ttl, 0),
		prefix:    strconv.FormatInt(time.Now().UnixNano(), 36) + "-",
		now:       time.Now,
	}
}

// Store implements [Replayer]. It copies event's data.
func (r *MemoryReplayer) Store(_ context.Context, topic string, event *Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	event.ID = r.prefix + strconv.FormatUint(r.seq, 10)
	stored := *event
	stored.Data = slices.Clone(event.Data)
	now := r.now()
	r.entries = append(r.entries, replayEntry{seq: r.seq, topic: topic, at: now, event: stored})
	r.evict(now)
	return nil
}

// Replay implements [Replayer].
func (r *MemoryReplayer) Replay(ctx context.Context, afterID string, topics []string, send func(*Event) error) (int, error) {
	events, err := r.after(afterID, topics)
	if err != nil {
		return 0, err
	}
	for i := range events {
		if err := ctx.Err(); err != nil {
			return i, err
		}
		if err := send(&events[i]); err != nil {
			return i, err
		}
	}
	return len(events), nil
}

// after copies the held events after afterID for topics, so that they can be sent
// without holding the lock.
func (r *MemoryReplayer) after(afterID string, topics []string) ([]Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evict(r.now())
	var from uint64
	if afterID != "" {
		seq, ok := r.parse(afterID)
		switch {
		case !ok || seq > r.seq:
			return nil, fmt.Errorf("%w: %q", ErrUnknownEventID, afterID)
		case seq < r.evicted:
			return nil, fmt.Errorf("%w: %q (%d later events dropped)", ErrEventIDExpired, afterID, r.evicted-seq)
		}
		from = seq
	}
	held := r.entries[r.start:]
	i, _ := slices.BinarySearchFunc(held, from+1, func(e replayEntry, seq uint64) int { return cmp.Compare(e.seq, seq) })
	events := make([]Event, 0, len(held)-i)
	for _, e := range held[i:] {
		if TopicMatches(e.topic, topics) {
			events = append(events, e.event)
		}
	}
	return events, nil
}

// Compare implements [Replayer].
func (r *MemoryReplayer) Compare(a, b string) int {
	sa, okA := r.parse(a)
	sb, okB := r.parse(b)
	if !okA || !okB {
		return strings.Compare(a, b)
	}
	return cmp.Compare(sa, sb)
}

// LastID implements [Replayer].
func (r *MemoryReplayer) LastID(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.prefix + strconv.FormatUint(r.seq, 10), nil
}

// Len returns how many events the history holds.
func (r *MemoryReplayer) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evict(r.now())
	return len(r.entries) - r.start
}

func (r *MemoryReplayer) parse(id string) (uint64, bool) {
	rest, ok := strings.CutPrefix(id, r.prefix)
	if !ok {
		return 0, false
	}
	seq, err := strconv.ParseUint(rest, 10, 64)
	return seq, err == nil
}

// evict drops the events beyond the count limit or older than the TTL.
func (r *MemoryReplayer) evict(now time.Time) {
	for n := len(r.entries) - r.start; n > 0; n-- {
		oldest := &r.entries[r.start]
		tooMany := r.maxEvents > 0 && n > r.maxEvents
		tooOld := r.ttl > 0 && now.Sub(oldest.at) >= r.ttl
		if !tooMany && !tooOld {
			break
		}
		r.evicted = oldest.seq
		*oldest = replayEntry{} // let the event's data be collected
		r.start++
	}
	// Reuse the front of the slice once it is mostly dropped entries.
	if r.start > 64 && r.start*2 >= len(r.entries) {
		n := copy(r.entries, r.entries[r.start:])
		clear(r.entries[n:])
		r.entries = r.entries[:n]
		r.start = 0
	}
}
