// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Label names.
const (
	labelHub     = "hub"
	labelTopic   = "topic"
	labelPolicy  = "policy"
	labelOutcome = "outcome"
)

// collectors are the vectors behind every Metrics of one registerer; each Metrics
// owns the series of its hub label.
type collectors struct {
	connections *prometheus.GaugeVec
	published   *prometheus.CounterVec
	delivered   *prometheus.CounterVec
	queueFull   *prometheus.CounterVec
	replays     *prometheus.CounterVec
	replayed    *prometheus.HistogramVec
	reconnects  *prometheus.CounterVec
	durations   *prometheus.HistogramVec
}

func newCollectors(o options) collectors {
	publishedLabels := []string{labelHub}
	if o.topicLabel {
		publishedLabels = append(publishedLabels, labelTopic)
	}
	return collectors{
		connections: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "sse_connections",
			Help: "Clients connected to the hub now.",
		}, []string{labelHub}),
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sse_events_published_total",
			Help: "Events the hub broadcast, once per event whatever the number of clients.",
		}, publishedLabels),
		delivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sse_events_delivered_total",
			Help: "Live events the hub wrote to clients, once per client; replayed events are not counted.",
		}, []string{labelHub}),
		queueFull: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sse_queue_full_total",
			Help: "Events that found a client's queue full, by the slow-client policy the hub applied.",
		}, []string{labelHub, labelPolicy}),
		replays: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sse_replays_total",
			Help: "Clients that came back with a Last-Event-ID: recovered if the history covered it, gap if not.",
		}, []string{labelHub, labelOutcome}),
		replayed: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sse_replayed_events",
			Help:    "Events sent to each client whose replay recovered what it missed.",
			Buckets: o.replayBuckets,
		}, []string{labelHub}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sse_client_reconnects_total",
			Help: "Times a client waited to reconnect after its stream ended.",
		}, []string{labelHub}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sse_connection_duration_seconds",
			Help:    "How long each client's stream lasted.",
			Buckets: o.durationBuckets,
		}, []string{labelHub}),
	}
}

// register registers every collector with r, or takes the equal collector already
// registered in its place, so that the Metrics of several hubs share one registry.
// On an error it leaves r as it found it.
func (c *collectors) register(r prometheus.Registerer) error {
	reg := &registration{registerer: r}
	adopt(reg, &c.connections)
	adopt(reg, &c.published)
	adopt(reg, &c.delivered)
	adopt(reg, &c.queueFull)
	adopt(reg, &c.replays)
	adopt(reg, &c.replayed)
	adopt(reg, &c.reconnects)
	adopt(reg, &c.durations)
	if reg.err != nil {
		for _, a := range reg.added {
			r.Unregister(a)
		}
	}
	return reg.err
}

// registration is the state of one [collectors.register]: what it added, and the
// first error, after which it adds nothing.
type registration struct {
	registerer prometheus.Registerer
	added      []prometheus.Collector
	err        error
}

// adopt registers *c. If an equal collector is registered already, it replaces *c
// with that one.
func adopt[C prometheus.Collector](reg *registration, c *C) {
	if reg.err != nil {
		return
	}
	err := reg.registerer.Register(*c)
	if err == nil {
		reg.added = append(reg.added, *c)
		return
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			*c = existing
			return
		}
	}
	reg.err = fmt.Errorf("sse/prometheus: register: %w", err)
}
