// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "context"

// Broadcaster carries events between the Hubs of many server instances, so that a
// client connected to any instance receives what is published on every one. Give it to
// a Hub with [WithBroadcaster]; the redis module implements it on Redis Streams.
//
// A Hub with a Broadcaster hands every published event to Publish, and delivers to its
// clients only what Listen hands back, so that every instance delivers the same events
// in the same order.
//
// Every implementation must be safe for concurrent use and must guarantee:
//   - Publish assigns event.ID, stores the event durably enough to be replayed, and
//     returns an error when it could not, in which case no instance delivers it;
//   - Listen calls deliver, from one goroutine and in one order shared by every
//     instance, for every event published on any instance from the time Listen
//     started, until ctx ends; it survives outages of its backend on its own, resuming
//     after the last event it delivered, and returns only when ctx ends.
//
// A Broadcaster normally implements [Replayer] too, over the same storage; the Hub then
// uses it for replay unless [WithReplayer] says otherwise. One that reads its backend
// many events at a time should implement [BatchListener] as well.
type Broadcaster interface {
	// Publish stores event under topic ("" for every client), setting event.ID, and
	// sends it to every instance.
	Publish(ctx context.Context, topic string, event *Event) error

	// Listen delivers every event published from now on, in order, until ctx ends.
	Listen(ctx context.Context, deliver func(topic string, event *Event)) error
}

// TopicEvent is an event with the topic it is published to ("" for every client), as
// batches of events are passed between a Hub and its Broadcaster or Replayer.
type TopicEvent struct {
	Topic string
	Event *Event
}

// BatchListener is implemented by a [Broadcaster] that can hand events back in
// batches. A Hub whose Broadcaster implements it calls ListenBatch instead of Listen,
// and fans each batch out in one pass: one acquisition of its lock, each event encoded
// once, and one wake-up of each client's writer for the whole batch, however many of
// its events that client receives. Clients then receive a batch in one write.
//
// ListenBatch has the contract of Listen, with deliver called with one or more events
// at a time: the events of one call, then those of the next, are the order shared by
// every instance. It must not hold events back to fill a batch, which would only add
// latency: a batch is what one read of the backend returned. The events are new, and
// deliver may keep them; the slice is not, and deliver must not keep it after it
// returns.
type BatchListener interface {
	// ListenBatch delivers, in batches and in order, every event published from now
	// on, until ctx ends.
	ListenBatch(ctx context.Context, deliver func(batch []TopicEvent)) error
}
