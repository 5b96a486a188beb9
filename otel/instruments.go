// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel

import (
	"errors"
	"fmt"
	"slices"

	"go.opentelemetry.io/otel/metric"
)

// instruments are the instruments of one meter; the Metrics of every hub on it
// share them.
type instruments struct {
	connections metric.Int64UpDownCounter
	published   metric.Int64Counter
	delivered   metric.Int64Counter
	queueFull   metric.Int64Counter
	replays     metric.Int64Counter
	replayed    metric.Int64Histogram
	reconnects  metric.Int64Counter
	durations   metric.Float64Histogram
}

// newInstruments creates the instruments on meter. It returns every error the meter
// gave, with the instruments it returned alongside, which the API makes usable.
func newInstruments(meter metric.Meter) (instruments, error) {
	var errs []error
	check := func(name string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("sse/otel: create %s: %w", name, err))
		}
	}
	var in instruments
	var err error
	in.connections, err = meter.Int64UpDownCounter("sse.connections", metric.WithUnit("{connection}"),
		metric.WithDescription("Clients connected to the hub now."))
	check("sse.connections", err)
	in.published, err = meter.Int64Counter("sse.events.published", metric.WithUnit("{event}"),
		metric.WithDescription("Events the hub broadcast, once per event whatever the number of clients."))
	check("sse.events.published", err)
	in.delivered, err = meter.Int64Counter("sse.events.delivered", metric.WithUnit("{event}"),
		metric.WithDescription("Live events the hub wrote to clients, once per client; replayed events are not counted."))
	check("sse.events.delivered", err)
	in.queueFull, err = meter.Int64Counter("sse.queue_full", metric.WithUnit("{event}"),
		metric.WithDescription("Events that found a client's queue full, by the slow-client policy the hub applied."))
	check("sse.queue_full", err)
	in.replays, err = meter.Int64Counter("sse.replays", metric.WithUnit("{replay}"),
		metric.WithDescription("Clients that came back with a Last-Event-ID: recovered if the history covered it, gap if not."))
	check("sse.replays", err)
	in.replayed, err = meter.Int64Histogram("sse.replayed_events", metric.WithUnit("{event}"),
		metric.WithDescription("Events sent to each client whose replay recovered what it missed."),
		metric.WithExplicitBucketBoundaries(slices.Clone(DefaultReplayBuckets)...))
	check("sse.replayed_events", err)
	in.reconnects, err = meter.Int64Counter("sse.client.reconnects", metric.WithUnit("{reconnect}"),
		metric.WithDescription("Times a client waited to reconnect after its stream ended."))
	check("sse.client.reconnects", err)
	in.durations, err = meter.Float64Histogram("sse.connection.duration", metric.WithUnit("s"),
		metric.WithDescription("How long each client's stream lasted."),
		metric.WithExplicitBucketBoundaries(slices.Clone(DefaultDurationBuckets)...))
	check("sse.connection.duration", err)
	return in, errors.Join(errs...)
}
