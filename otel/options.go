// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel

import (
	"slices"

	global "go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"

	"github.com/hertz-contrib/sse/internal/metricsspec"
)

// Defaults of [New].
const (
	// DefaultHubName is the sse.hub attribute of a Metrics made without [WithHubName].
	DefaultHubName = metricsspec.DefaultHubName
)

// ScopeName is the name of the meter that holds the instruments, the instrumentation
// scope of their data.
const ScopeName = "github.com/hertz-contrib/sse/otel"

// DefaultDurationBuckets are the bucket boundaries, in seconds, that
// sse.connection.duration advises: from streams refused or cut at once to streams
// that stay open for half a day.
var DefaultDurationBuckets = slices.Clone(metricsspec.DurationBuckets)

// DefaultReplayBuckets are the bucket boundaries that sse.replayed_events advises.
// The first, 0, counts the clients that came back without having missed anything.
var DefaultReplayBuckets = slices.Clone(metricsspec.ReplayBuckets)

// Option configures [New].
type Option struct {
	apply func(*options)
}

type options struct {
	provider       metric.MeterProvider
	hub            string
	topicAttribute bool
}

func newOptions(opts []Option) options {
	o := options{hub: DefaultHubName}
	for _, opt := range opts {
		opt.apply(&o)
	}
	if o.provider == nil {
		o.provider = global.GetMeterProvider()
	}
	return o
}

// WithMeterProvider takes the meter from p instead of the global MeterProvider
// (otel.GetMeterProvider at the time of [New]). A nil p means the global one.
func WithMeterProvider(p metric.MeterProvider) Option {
	return Option{func(o *options) { o.provider = p }}
}

// WithHubName sets the sse.hub attribute of every measurement, [DefaultHubName] if
// name is empty. Give each Hub (and each Client) its own name to tell their data
// apart; a Client's name usually is the name of the hub it follows.
func WithHubName(name string) Option {
	return Option{func(o *options) {
		if name != "" {
			o.hub = name
		}
	}}
}

// WithTopicAttribute adds the attribute sse.topic to sse.events.published. Each
// topic becomes a stream of data points that lives as long as the process: use it
// only when the topics are few and known, never for topics per user or per object.
func WithTopicAttribute() Option {
	return Option{func(o *options) { o.topicAttribute = true }}
}
