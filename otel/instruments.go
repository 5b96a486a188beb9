// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel

import (
	"errors"
	"fmt"
	"slices"

	"go.opentelemetry.io/otel/metric"

	"github.com/hertz-contrib/sse/internal/metricsspec"
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
	in := instruments{
		connections: create(&errs, meter.Int64UpDownCounter, metricsspec.Connections),
		published:   create(&errs, meter.Int64Counter, metricsspec.Published),
		delivered:   create(&errs, meter.Int64Counter, metricsspec.Delivered),
		queueFull:   create(&errs, meter.Int64Counter, metricsspec.QueueFull),
		replays:     create(&errs, meter.Int64Counter, metricsspec.Replays),
		replayed:    create(&errs, meter.Int64Histogram, metricsspec.Replayed, DefaultReplayBuckets...),
		reconnects:  create(&errs, meter.Int64Counter, metricsspec.Reconnects),
		durations:   create(&errs, meter.Float64Histogram, metricsspec.Durations, DefaultDurationBuckets...),
	}
	return in, errors.Join(errs...)
}

// create makes the instrument spec with newInstrument, the meter's method for its
// kind, giving it spec's unit and description and, for a histogram, the bucket
// boundaries to advise. An error is added to errs.
//
// The options are the API's instrument options and, with buckets, histogram options,
// which implement the option interface O of every method that takes them.
func create[I, O any](errs *[]error, newInstrument func(string, ...O) (I, error), spec metricsspec.Instrument, buckets ...float64) I {
	opts := []O{any(metric.WithUnit(spec.Unit)).(O), any(metric.WithDescription(spec.Help)).(O)}
	if len(buckets) > 0 {
		opts = append(opts, any(metric.WithExplicitBucketBoundaries(slices.Clone(buckets)...)).(O))
	}
	instrument, err := newInstrument(spec.Name, opts...)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("sse/otel: create %s: %w", spec.Name, err))
	}
	return instrument
}
