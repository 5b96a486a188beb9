// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hertz-contrib/sse/internal/metricsspec"
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
	var topic []metricsspec.Label
	if o.topicLabel {
		topic = append(topic, metricsspec.Topic)
	}
	return collectors{
		connections: gauge(metricsspec.Connections),
		published:   counter(metricsspec.Published, topic...),
		delivered:   counter(metricsspec.Delivered),
		queueFull:   counter(metricsspec.QueueFull),
		replays:     counter(metricsspec.Replays),
		replayed:    histogram(metricsspec.Replayed, o.replayBuckets),
		reconnects:  counter(metricsspec.Reconnects),
		durations:   histogram(metricsspec.Durations, o.durationBuckets),
	}
}

// labels are the label names of in: hub, its own label if it has one, then extra.
func labels(in metricsspec.Instrument, extra ...metricsspec.Label) []string {
	names := []string{metricsspec.Hub.Prometheus}
	if in.Label != (metricsspec.Label{}) {
		names = append(names, in.Label.Prometheus)
	}
	for _, l := range extra {
		names = append(names, l.Prometheus)
	}
	return names
}

// gauge, counter and histogram make the collector of in.
func gauge(in metricsspec.Instrument) *prometheus.GaugeVec {
	return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: in.PrometheusName(), Help: in.Help}, labels(in))
}

func counter(in metricsspec.Instrument, extra ...metricsspec.Label) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: in.PrometheusName(), Help: in.Help}, labels(in, extra...))
}

func histogram(in metricsspec.Instrument, buckets []float64) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: in.PrometheusName(), Help: in.Help, Buckets: buckets}, labels(in))
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
