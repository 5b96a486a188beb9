// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"errors"

	"github.com/hertz-contrib/sse"
)

// ErrUnconfirmed means Redis did not answer a publish, nor then the question of what
// it had stored: the events may or may not be in the stream, and so may or may not
// reach the clients. It happens when Redis goes down, or the network to it, while a
// batch is on its way.
var ErrUnconfirmed = errors.New("sse/redis: redis did not confirm the publish; the event may or may not be stored")

// Publish implements [sse.Broadcaster]: it adds event under topic ("" for every
// client) to the stream, sets event.ID to the ID Redis assigned, and trims the stream
// (see [WithMaxLen] and [WithMaxAge]). Every Listen loop on the stream, on every
// instance, then delivers it. The event's ID on entry is ignored.
//
// Concurrent calls share round trips: while one batch is on its way to Redis, the
// events published meanwhile queue up and go together in the next batch, one script
// call that stores them in one atomic step (see the package documentation). A lone
// Publish waits for one round trip; one that arrives while a batch is on its way
// waits for that batch, then for its own.
//
// It returns nil once Redis has stored the event. Otherwise event.ID is unchanged and
// the error says what happened:
//   - ctx.Err() itself if ctx ended while the event was queued: it was not sent, and
//     never will be. Once its batch is on its way, Publish waits for the outcome,
//     whatever ctx does (go-redis's timeouts bound the wait);
//   - an error wrapping [sse.ErrInvalidEventName] or [sse.ErrInvalidRetry] if event
//     cannot be encoded: nothing was sent;
//   - an error wrapping [ErrUnconfirmed] if neither the batch's reply nor the
//     outcome could be had from Redis: the event may be stored;
//   - any other error: Redis did not store the event, and never will.
func (b *Backend) Publish(ctx context.Context, topic string, event *sse.Event) error {
	if event == nil {
		return errors.New("sse/redis: publish of a nil event")
	}
	if err := validate(event); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c := newPublishCall()
	defer c.release()
	c.one[0] = sse.TopicEvent{Topic: topic, Event: event}
	c.events, c.bytes = c.one[:], argsSize(topic, event)
	if err := b.commit(ctx, c); err != nil {
		return err
	}
	return c.err
}

// StoreBatch implements [sse.BatchStorer], for a Hub given the Backend as its
// Replayer alone: it stores the events of batch in order, as Publish would, in the
// next batch, and returns how many from the first it stored, with the error of the
// others (see Publish for what the errors mean). Every Listen loop on the stream
// delivers them too.
func (b *Backend) StoreBatch(ctx context.Context, batch []sse.TopicEvent) (int, error) {
	valid := len(batch)
	var invalid error
	for i, te := range batch {
		if te.Event == nil {
			invalid = errors.New("sse/redis: publish of a nil event")
		} else {
			invalid = validate(te.Event)
		}
		if invalid != nil {
			valid = i
			break
		}
	}
	if valid == 0 {
		return 0, invalid
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	c := newPublishCall()
	defer c.release()
	c.events = batch[:valid]
	for _, te := range c.events {
		c.bytes += argsSize(te.Topic, te.Event)
	}
	if err := b.commit(ctx, c); err != nil {
		return 0, err
	}
	if c.err != nil {
		return c.stored, c.err
	}
	return c.stored, invalid
}

// validate rejects what a stream entry can hold but a client cannot be sent: the
// event's own rules, but for its ID, which Redis assigns.
func validate(e *sse.Event) error {
	v := *e
	v.ID = ""
	return v.Validate()
}
