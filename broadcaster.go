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
// uses it for replay unless [WithReplayer] says otherwise.
type Broadcaster interface {
	// Publish stores event under topic ("" for every client), setting event.ID, and
	// sends it to every instance.
	Publish(ctx context.Context, topic string, event *Event) error

	// Listen delivers every event published from now on, in order, until ctx ends.
	Listen(ctx context.Context, deliver func(topic string, event *Event)) error
}
