// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/metricsspec"
)

// Metrics implements [sse.Metrics] on OpenTelemetry instruments, for Hubs
// ([sse.WithHubMetrics]) and Clients ([sse.WithClientMetrics]); the package
// documentation lists them. Make it with [New].
//
// A Metrics is safe for concurrent use. Its methods build no attributes: the sets
// of its hub are made once by New, and with [WithTopicAttribute] the set of a topic
// the first time EventPublished sees it. Measurements use context.Background, as the
// hub's calls carry no context.
type Metrics struct {
	sse.NopMetrics // methods added to sse.Metrics later do nothing until they are implemented here

	instruments

	hubName   string
	hub       []metric.AddOption
	hubRecord []metric.RecordOption
	byPolicy  [2][]metric.AddOption // indexed by sse.SlowPolicy
	recovered []metric.AddOption
	gap       []metric.AddOption
	topics    *sync.Map // with WithTopicAttribute: topic → []metric.AddOption
}

var (
	_ sse.Metrics         = (*Metrics)(nil)
	_ sse.DurationMetrics = (*Metrics)(nil) // a Hub records connection durations
)

// New creates the instruments on the meter [ScopeName] of the provider (see
// [WithMeterProvider]) and returns the Metrics of one hub (see [WithHubName]).
// Metrics of several hubs can share a provider: they share its instruments and
// differ by sse.hub. If the provider fails to create an instrument, New returns the
// error; OpenTelemetry's API then still returns a usable instrument, so the Metrics
// returned with the error works, without what failed.
func New(opts ...Option) (*Metrics, error) {
	o := newOptions(opts)
	inst, err := newInstruments(o.provider.Meter(ScopeName))
	hub := attr(metricsspec.Hub, o.hub)
	m := &Metrics{
		instruments: inst,
		hubName:     o.hub,
		hub:         addOptions(hub),
		hubRecord:   []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(hub))},
		recovered:   addOptions(hub, attr(metricsspec.Outcome, metricsspec.OutcomeRecovered)),
		gap:         addOptions(hub, attr(metricsspec.Outcome, metricsspec.OutcomeGap)),
	}
	for _, p := range []sse.SlowPolicy{sse.SlowDisconnect, sse.SlowDropEvents} {
		m.byPolicy[p] = addOptions(hub, attr(metricsspec.Policy, p.String()))
	}
	if o.topicAttribute {
		m.topics = new(sync.Map)
	}
	return m, err
}

// attr is the attribute of label l with value.
func attr(l metricsspec.Label, value string) attribute.KeyValue {
	return attribute.String(l.OTel, value)
}

func addOptions(kvs ...attribute.KeyValue) []metric.AddOption {
	return []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(kvs...))}
}

// ConnectionOpened adds one to sse.connections.
func (m *Metrics) ConnectionOpened() { m.connections.Add(context.Background(), 1, m.hub...) }

// ConnectionClosed takes one from sse.connections.
func (m *Metrics) ConnectionClosed() { m.connections.Add(context.Background(), -1, m.hub...) }

// EventPublished counts one event in sse.events.published, under its topic with
// [WithTopicAttribute].
func (m *Metrics) EventPublished(topic string) {
	opts := m.hub
	if m.topics != nil {
		opts = m.topicOptions(topic)
	}
	m.published.Add(context.Background(), 1, opts...)
}

func (m *Metrics) topicOptions(topic string) []metric.AddOption {
	if opts, ok := m.topics.Load(topic); ok {
		return opts.([]metric.AddOption)
	}
	opts, _ := m.topics.LoadOrStore(topic, addOptions(attr(metricsspec.Hub, m.hubName), attr(metricsspec.Topic, topic)))
	return opts.([]metric.AddOption)
}

// EventsDelivered adds n to sse.events.delivered.
func (m *Metrics) EventsDelivered(n int) {
	m.delivered.Add(context.Background(), int64(n), m.hub...)
}

// QueueFull counts one event in sse.queue_full under policy.
func (m *Metrics) QueueFull(policy sse.SlowPolicy) {
	if policy >= 0 && int(policy) < len(m.byPolicy) {
		m.queueFull.Add(context.Background(), 1, m.byPolicy[policy]...)
		return
	}
	m.queueFull.Add(context.Background(), 1, addOptions(attr(metricsspec.Hub, m.hubName), attr(metricsspec.Policy, policy.String()))...)
}

// Replay counts one replay in sse.replays and, when the history covered the client's
// Last-Event-ID (hit), records how many events it sent in sse.replayed_events.
func (m *Metrics) Replay(hit bool, events int) {
	if !hit {
		m.replays.Add(context.Background(), 1, m.gap...)
		return
	}
	m.replays.Add(context.Background(), 1, m.recovered...)
	m.replayed.Record(context.Background(), int64(events), m.hubRecord...)
}

// Reconnect adds one to sse.client.reconnects.
func (m *Metrics) Reconnect() { m.reconnects.Add(context.Background(), 1, m.hub...) }

// ConnectionEnded records in sse.connection.duration that a client's stream lasted
// d. It makes Metrics an [sse.DurationMetrics]: a Hub calls it when a client leaves,
// with how long the client stayed.
func (m *Metrics) ConnectionEnded(d time.Duration) {
	m.durations.Record(context.Background(), d.Seconds(), m.hubRecord...)
}
