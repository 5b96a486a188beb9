// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package metricsspec is the one definition of what the metrics adapters of this
// repository export, github.com/hertz-contrib/sse/prometheus and
// github.com/hertz-contrib/sse/otel: each instrument's names in both systems, its
// kind, unit, help text and labels, and the default histogram buckets. Each adapter
// maps the calls of sse.Metrics onto these instruments, so the two export the same
// things under the same names (OpenTelemetry's Prometheus exporter turns the OTel
// names into the Prometheus ones). It uses only the standard library, so the core
// module gains no dependency through it.
package metricsspec

import "strings"

// Kind is what an instrument records.
type Kind int

const (
	// UpDownCounter goes up and down: a Prometheus gauge.
	UpDownCounter Kind = iota
	// Counter only goes up.
	Counter
	// Histogram records the distribution of its observations.
	Histogram
)

// Label is a dimension of the measurements, named in each system.
type Label struct {
	Prometheus string // the label name
	OTel       string // the attribute key
}

// The labels. Every measurement carries Hub; Topic is on Published only when the
// application asks for it.
var (
	Hub     = Label{Prometheus: "hub", OTel: "sse.hub"}
	Topic   = Label{Prometheus: "topic", OTel: "sse.topic"}
	Policy  = Label{Prometheus: "policy", OTel: "sse.slow_policy"}     // on QueueFull: sse.SlowPolicy.String()
	Outcome = Label{Prometheus: "outcome", OTel: "sse.replay.outcome"} // on Replays: OutcomeRecovered or OutcomeGap
)

// The values of Outcome.
const (
	OutcomeRecovered = "recovered" // the history covered the client's Last-Event-ID
	OutcomeGap       = "gap"       // it did not
)

// DefaultHubName is the value of Hub when the application names no hub.
const DefaultHubName = "default"

// Instrument is one metric.
type Instrument struct {
	Name  string // the OpenTelemetry instrument name; see PrometheusName for the other
	Kind  Kind
	Unit  string // UCUM, as OpenTelemetry takes it
	Label Label  // the label besides Hub, if any
	Help  string // the Prometheus help text and the OpenTelemetry description
}

// The instruments.
var (
	Connections = Instrument{"sse.connections", UpDownCounter, "{connection}", Label{}, "Clients connected to the hub now."}
	Published   = Instrument{"sse.events.published", Counter, "{event}", Label{}, "Events the hub broadcast, once per event whatever the number of clients."}
	Delivered   = Instrument{"sse.events.delivered", Counter, "{event}", Label{}, "Live events the hub wrote to clients, once per client; replayed events are not counted."}
	QueueFull   = Instrument{"sse.queue_full", Counter, "{event}", Policy, "Events that found a client's queue full, by the slow-client policy the hub applied."}
	Replays     = Instrument{"sse.replays", Counter, "{replay}", Outcome, "Clients that came back with a Last-Event-ID: recovered if the history covered it, gap if not."}
	Replayed    = Instrument{"sse.replayed_events", Histogram, "{event}", Label{}, "Events sent to each client whose replay recovered what it missed."}
	Reconnects  = Instrument{"sse.client.reconnects", Counter, "{reconnect}", Label{}, "Times a client waited to reconnect after its stream ended."}
	Durations   = Instrument{"sse.connection.duration", Histogram, "s", Label{}, "How long each client's stream lasted."}
)

// The default upper bounds of the histograms' buckets. Adapters copy them, and never
// hand them out.
var (
	// ReplayBuckets are Replayed's. The first, 0, counts the clients that came back
	// without having missed anything.
	ReplayBuckets = []float64{0, 1, 10, 100, 1000, 10000}
	// DurationBuckets are Durations', in seconds: from streams refused or cut at once
	// to streams that stay open for half a day.
	DurationBuckets = []float64{1, 10, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600}
)

// PrometheusName is the name of the instrument in Prometheus: the name that
// OpenTelemetry's Prometheus exporter gives it, with its dots turned into
// underscores, then "_seconds" for a unit of seconds and "_total" for a counter.
func (in Instrument) PrometheusName() string {
	name := strings.ReplaceAll(in.Name, ".", "_")
	if in.Unit == "s" {
		name += "_seconds"
	}
	if in.Kind == Counter {
		name += "_total"
	}
	return name
}
