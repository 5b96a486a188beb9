// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "time"

// Metrics receives counts from Hubs ([WithHubMetrics]) and Clients
// ([WithClientMetrics]), to export to Prometheus, OpenTelemetry or logs without this
// package depending on any of them.
//
// Implementations must be safe for concurrent use and cheap: the methods are called on
// the delivery path. Embed [NopMetrics] to implement only some of them; methods added
// later will then have no effect on an existing implementation.
type Metrics interface {
	// ConnectionOpened and ConnectionClosed are called when a client joins and leaves
	// a Hub.
	ConnectionOpened()
	ConnectionClosed()
	// EventPublished is called once per event a Hub broadcasts ("" for every client).
	EventPublished(topic string)
	// EventsDelivered is called with how many live events a Hub wrote to one client
	// at once; replayed events are counted by Replay.
	EventsDelivered(n int)
	// QueueFull is called when an event does not fit a client's queue, with the
	// policy the Hub then applies.
	QueueFull(policy SlowPolicy)
	// Replay is called when a client reconnects with a Last-Event-ID: hit reports
	// whether its history covered the ID, events how many events were replayed.
	Replay(hit bool, events int)
	// Reconnect is called when a Client is about to reconnect.
	Reconnect()
}

// DurationMetrics is implemented by a Metrics that also records how long each client
// stayed; a Hub calls ConnectionEnded right after ConnectionClosed with the time since
// the client joined.
//
// A Hub looks for it once, in [NewHub], on the Metrics given to [WithHubMetrics]; a
// Client never calls it. It is called once per client that left the hub, on the
// goroutine that served the client, and must be safe for concurrent use. It costs the
// hub one clock reading when a client joins and one when it leaves, nothing per event.
type DurationMetrics interface {
	ConnectionEnded(d time.Duration)
}

// NopMetrics implements [Metrics] and does nothing.
type NopMetrics struct{}

// ConnectionOpened does nothing.
func (NopMetrics) ConnectionOpened() {}

// ConnectionClosed does nothing.
func (NopMetrics) ConnectionClosed() {}

// EventPublished does nothing.
func (NopMetrics) EventPublished(string) {}

// EventsDelivered does nothing.
func (NopMetrics) EventsDelivered(int) {}

// QueueFull does nothing.
func (NopMetrics) QueueFull(SlowPolicy) {}

// Replay does nothing.
func (NopMetrics) Replay(bool, int) {}

// Reconnect does nothing.
func (NopMetrics) Reconnect() {}

var _ Metrics = NopMetrics{}
