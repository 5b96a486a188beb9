// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/metricsspec"
)

// Metrics implements [sse.Metrics] on Prometheus collectors, for Hubs
// ([sse.WithHubMetrics]) and Clients ([sse.WithClientMetrics]); the package
// documentation lists what it exports. Make it with [New].
//
// A Metrics is safe for concurrent use, and its methods do not allocate, except
// EventPublished with [WithTopicLabel] the first time it sees a topic. It keeps its
// series registered for the life of the process.
type Metrics struct {
	sse.NopMetrics // methods added to sse.Metrics later do nothing until they are implemented here

	connections prometheus.Gauge
	published   prometheus.Counter     // nil with WithTopicLabel
	byTopic     *prometheus.CounterVec // with WithTopicLabel: published, curried with the hub label
	topics      sync.Map               // with WithTopicLabel: topic → its prometheus.Counter in byTopic
	delivered   prometheus.Counter
	queueFull   *prometheus.CounterVec // curried with the hub label
	disconnects prometheus.Counter     // queueFull for SlowDisconnect
	dropped     prometheus.Counter     // queueFull for SlowDropEvents
	recovered   prometheus.Counter
	gaps        prometheus.Counter
	replayed    prometheus.Observer
	reconnects  prometheus.Counter
	durations   prometheus.Observer
}

var (
	_ sse.Metrics         = (*Metrics)(nil)
	_ sse.DurationMetrics = (*Metrics)(nil) // a Hub records connection durations
)

// New registers the collectors (see [WithRegisterer]) and returns the Metrics of one
// hub (see [WithHubName]). It fails if the registerer holds a different collector under
// one of the names, such as one made with another [WithTopicLabel]; it then registers
// nothing.
func New(opts ...Option) (*Metrics, error) {
	o := newOptions(opts)
	c := newCollectors(o)
	if err := c.register(o.registerer); err != nil {
		return nil, err
	}
	hub := prometheus.Labels{metricsspec.Hub.Prometheus: o.hub}
	m := &Metrics{
		connections: c.connections.With(hub),
		delivered:   c.delivered.With(hub),
		queueFull:   c.queueFull.MustCurryWith(hub),
		replayed:    c.replayed.With(hub),
		reconnects:  c.reconnects.With(hub),
		durations:   c.durations.With(hub),
		recovered:   c.replays.WithLabelValues(o.hub, metricsspec.OutcomeRecovered),
		gaps:        c.replays.WithLabelValues(o.hub, metricsspec.OutcomeGap),
	}
	m.disconnects = m.queueFull.WithLabelValues(sse.SlowDisconnect.String())
	m.dropped = m.queueFull.WithLabelValues(sse.SlowDropEvents.String())
	if o.topicLabel {
		m.byTopic = c.published.MustCurryWith(hub)
	} else {
		m.published = c.published.With(hub)
	}
	return m, nil
}

// ConnectionOpened adds one to sse_connections.
func (m *Metrics) ConnectionOpened() { m.connections.Inc() }

// ConnectionClosed takes one from sse_connections.
func (m *Metrics) ConnectionClosed() { m.connections.Dec() }

// EventPublished counts one event in sse_events_published_total, under its topic
// with [WithTopicLabel].
func (m *Metrics) EventPublished(topic string) {
	if m.byTopic != nil {
		m.topicCounter(topic).Inc()
		return
	}
	m.published.Inc()
}

// topicCounter returns the series of topic, from a map that, unlike the vector's,
// needs no hashing of label values and no lock once the topic is known.
func (m *Metrics) topicCounter(topic string) prometheus.Counter {
	if c, ok := m.topics.Load(topic); ok {
		return c.(prometheus.Counter)
	}
	c, _ := m.topics.LoadOrStore(topic, m.byTopic.WithLabelValues(topic))
	return c.(prometheus.Counter)
}

// EventsDelivered adds n to sse_events_delivered_total.
func (m *Metrics) EventsDelivered(n int) { m.delivered.Add(float64(n)) }

// QueueFull counts one event in sse_queue_full_total under policy.
func (m *Metrics) QueueFull(policy sse.SlowPolicy) {
	switch policy {
	case sse.SlowDisconnect:
		m.disconnects.Inc()
	case sse.SlowDropEvents:
		m.dropped.Inc()
	default:
		m.queueFull.WithLabelValues(policy.String()).Inc()
	}
}

// Replay counts one replay in sse_replays_total and, when the history covered the
// client's Last-Event-ID (hit), observes how many events it sent in
// sse_replayed_events.
func (m *Metrics) Replay(hit bool, events int) {
	if !hit {
		m.gaps.Inc()
		return
	}
	m.recovered.Inc()
	m.replayed.Observe(float64(events))
}

// Reconnect adds one to sse_client_reconnects_total.
func (m *Metrics) Reconnect() { m.reconnects.Inc() }

// ConnectionEnded observes in sse_connection_duration_seconds that a client's stream
// lasted d. It makes Metrics an [sse.DurationMetrics]: a Hub calls it when a client
// leaves, with how long the client stayed.
func (m *Metrics) ConnectionEnded(d time.Duration) { m.durations.Observe(d.Seconds()) }
