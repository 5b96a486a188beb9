// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hertz-contrib/sse/internal/metricsspec"
)

// Defaults of [New].
const (
	// DefaultHubName is the hub label of a Metrics made without [WithHubName].
	DefaultHubName = metricsspec.DefaultHubName
)

// DefaultDurationBuckets are the upper bounds, in seconds, of
// sse_connection_duration_seconds: from streams refused or cut at once to streams
// that stay open for half a day.
var DefaultDurationBuckets = slices.Clone(metricsspec.DurationBuckets)

// DefaultReplayBuckets are the upper bounds of sse_replayed_events. The first, 0,
// counts the clients that came back without having missed anything.
var DefaultReplayBuckets = slices.Clone(metricsspec.ReplayBuckets)

// Option configures [New].
type Option struct {
	apply func(*options)
}

type options struct {
	registerer      prometheus.Registerer
	hub             string
	topicLabel      bool
	durationBuckets []float64
	replayBuckets   []float64
}

func newOptions(opts []Option) options {
	o := options{
		registerer:      prometheus.DefaultRegisterer,
		hub:             DefaultHubName,
		durationBuckets: slices.Clone(DefaultDurationBuckets),
		replayBuckets:   slices.Clone(DefaultReplayBuckets),
	}
	for _, opt := range opts {
		opt.apply(&o)
	}
	return o
}

// WithRegisterer registers the collectors with r instead of
// prometheus.DefaultRegisterer. A nil r means the default.
func WithRegisterer(r prometheus.Registerer) Option {
	return Option{func(o *options) {
		if r != nil {
			o.registerer = r
		}
	}}
}

// WithHubName sets the value of the hub label of every series, [DefaultHubName] if
// name is empty. Give each Hub (and each Client) its own name to tell their series
// apart; a Client's name usually is the name of the hub it follows.
func WithHubName(name string) Option {
	return Option{func(o *options) {
		if name != "" {
			o.hub = name
		}
	}}
}

// WithTopicLabel adds the label topic to sse_events_published_total. Each topic
// becomes a series that lives as long as the process: use it only when the topics
// are few and known, never for topics per user or per object.
func WithTopicLabel() Option {
	return Option{func(o *options) { o.topicLabel = true }}
}

// WithDurationBuckets sets the upper bounds, in seconds and increasing, of
// sse_connection_duration_seconds; empty means [DefaultDurationBuckets]. The slice is
// copied.
func WithDurationBuckets(bounds ...float64) Option {
	return Option{func(o *options) {
		if len(bounds) > 0 {
			o.durationBuckets = slices.Clone(bounds)
		}
	}}
}

// WithReplayBuckets sets the upper bounds, increasing, of sse_replayed_events; empty
// means [DefaultReplayBuckets]. The slice is copied.
func WithReplayBuckets(bounds ...float64) Option {
	return Option{func(o *options) {
		if len(bounds) > 0 {
			o.replayBuckets = slices.Clone(bounds)
		}
	}}
}
