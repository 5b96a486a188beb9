// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"fmt"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
)

// Replay implements [sse.Replayer]: it calls send, in order, for every event held
// after afterID whose topic is one of topics or "", up to the stream's newest entry
// when Replay was called, reading with XRANGE one page at a time (see
// [WithPageSize]), and returns how many it sent. An empty afterID replays everything
// held. It stops at the first error from send or from Redis, and returns it.
//
// Before sending anything, it returns an error wrapping
//   - [sse.ErrUnknownEventID] when afterID is not a stream ID, is newer than the
//     newest entry, or was never assigned in this stream's history (it comes from
//     another stream, or from before Redis lost its data);
//   - [sse.ErrEventIDExpired] when entries after afterID were trimmed.
//
// An afterID that was itself trimmed is fine as long as the entry after it is held:
// each entry records the ID of the one before it, which tells exactly whether
// anything is missing.
func (b *Backend) Replay(ctx context.Context, afterID string, topics []string, send func(*sse.Event) error) (int, error) {
	from := "-"
	var after streamID
	if afterID != "" {
		id, ok := parseID(afterID)
		if !ok {
			return 0, fmt.Errorf("%w: %q is not a redis stream id", sse.ErrUnknownEventID, afterID)
		}
		after, from = id, afterID
	}
	last, held, page, err := b.firstPage(ctx, from)
	if err != nil {
		return 0, b.wrap("replay", err)
	}
	if afterID != "" {
		if page, err = b.checkAfter(afterID, after, last, held, page); err != nil {
			return 0, err
		}
	}
	sent := 0
	for {
		next := ""
		for _, m := range page {
			id, ok := parseID(m.ID)
			if !ok || id.compare(last) > 0 {
				return sent, nil // added after Replay was called: Listen delivers it
			}
			next = m.ID
			topic, event := decode(m)
			if !sse.TopicMatches(topic, topics) {
				continue
			}
			if err := send(event); err != nil {
				return sent, err
			}
			sent++
		}
		if len(page) < b.opts.pageSize || next == "" || next == last.String() {
			return sent, nil
		}
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		page, err = b.client.XRangeN(ctx, b.opts.key, "("+next, last.String(), int64(b.opts.pageSize)).Result()
		if err != nil {
			return sent, b.wrap("replay", err)
		}
	}
}

// firstPage reads, in one round trip, the stream's newest entry ID (held is false for
// an empty stream) and the first page of entries from from, inclusive.
func (b *Backend) firstPage(ctx context.Context, from string) (last streamID, held bool, page []goredis.XMessage, err error) {
	var newest, first *goredis.XMessageSliceCmd
	_, err = b.client.Pipelined(ctx, func(p goredis.Pipeliner) error {
		newest = p.XRevRangeN(ctx, b.opts.key, "+", "-", 1)
		// One more than a page: the entry at from itself may come first.
		first = p.XRangeN(ctx, b.opts.key, from, "+", int64(b.opts.pageSize)+1)
		return nil
	})
	if err != nil {
		return streamID{}, false, nil, err
	}
	last, held, err = newestID(newest.Val())
	return last, held, first.Val(), err
}

// checkAfter tells whether the entries after afterID are all held, given the first
// page of entries from afterID, inclusive; it returns the page without afterID.
func (b *Backend) checkAfter(afterID string, after, last streamID, held bool, page []goredis.XMessage) ([]goredis.XMessage, error) {
	switch {
	case !held && after == (streamID{}):
		return nil, nil // "0-0" on an empty stream: before everything, and nothing since
	case !held:
		return nil, fmt.Errorf("%w: %q (the stream %q is empty)", sse.ErrUnknownEventID, afterID, b.opts.key)
	case after.compare(last) > 0:
		return nil, fmt.Errorf("%w: %q is newer than the newest event, %s", sse.ErrUnknownEventID, afterID, last)
	case len(page) == 0:
		// The newest entry is never trimmed, so this is a stream emptied meanwhile.
		return nil, fmt.Errorf("%w: %q (the stream %q was emptied)", sse.ErrEventIDExpired, afterID, b.opts.key)
	}
	if first, ok := parseID(page[0].ID); ok && first == after {
		return page[1:], nil // afterID is held: so is everything after it
	}
	prev, ok := prevID(page[0])
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %q (entry %s does not record the entry before it)", sse.ErrEventIDExpired, afterID, page[0].ID)
	case prev.compare(after) > 0:
		return nil, fmt.Errorf("%w: %q (trimmed up to %s; the oldest held is %s)", sse.ErrEventIDExpired, afterID, prev, page[0].ID)
	case prev.compare(after) < 0:
		return nil, fmt.Errorf("%w: %q (no such entry between %s and %s)", sse.ErrUnknownEventID, afterID, prev, page[0].ID)
	}
	return page, nil // afterID was trimmed, but nothing after it
}

// LastID implements [sse.Replayer]: it returns the ID of the stream's newest entry,
// or "0-0" while the stream is empty, which Replay takes to mean "before everything".
//
// A Hub gives a client that position and then expects its Listen loop to deliver
// every event after it. A loop of this Backend that is still reading where it starts
// (just started, or waiting to retry after a Redis failure) could start past events
// published meanwhile, so LastID then waits until every such loop has started, or
// ctx ends and it returns ctx.Err(), and reads the newest entry again. The wait is
// short: at most a loop's backoff (two seconds) while Redis answers; with Redis down,
// the first read fails at once. It does not wait for a loop that lags behind: the Hub
// drops the live events a client's replay already sent.
func (b *Backend) LastID(ctx context.Context) (string, error) {
	last, _, err := b.last(ctx)
	if err == nil && b.listeners.anyStarting() {
		if err := b.listeners.waitStarted(ctx); err != nil {
			return "", err
		}
		last, _, err = b.last(ctx)
	}
	if err != nil {
		return "", b.wrap("read the newest entry", err)
	}
	return last.String(), nil
}

// last returns the ID of the stream's newest entry, or "0-0" and false while it is
// empty.
func (b *Backend) last(ctx context.Context) (streamID, bool, error) {
	msgs, err := b.client.XRevRangeN(ctx, b.opts.key, "+", "-", 1).Result()
	if err != nil {
		return streamID{}, false, err
	}
	return newestID(msgs)
}

func newestID(msgs []goredis.XMessage) (streamID, bool, error) {
	if len(msgs) == 0 {
		return streamID{}, false, nil
	}
	id, ok := parseID(msgs[0].ID)
	if !ok {
		return streamID{}, false, fmt.Errorf("sse/redis: redis returned the entry id %q", msgs[0].ID)
	}
	return id, true, nil
}
