// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel_test

import (
	"context"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	sseotel "github.com/hertz-contrib/sse/otel"
)

// newMetrics returns Metrics for hub on an SDK provider of their own, and the reader
// that collects from it.
func newMetrics(t *testing.T, hub string, opts ...sseotel.Option) (*sseotel.Metrics, *sdkmetric.ManualReader) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = provider.Shutdown(context.Background()) })
	m, err := sseotel.New(append([]sseotel.Option{sseotel.WithMeterProvider(provider), sseotel.WithHubName(hub)}, opts...)...)
	assert.Nil(t, err)
	return m, reader
}

// collected is what a reader collected from the meter of this package, by
// instrument name.
type collected map[string]metricdata.Metrics

func collect(t *testing.T, r sdkmetric.Reader) collected {
	t.Helper()
	var rm metricdata.ResourceMetrics
	assert.Nil(t, r.Collect(context.Background(), &rm))
	c := collected{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name == sseotel.ScopeName {
			for _, m := range sm.Metrics {
				c[m.Name] = m
			}
		}
	}
	return c
}

// sum returns the value of the int64 sum name at exactly attrs, 0 if nothing was
// recorded there.
func (c collected) sum(t *testing.T, name string, attrs ...attribute.KeyValue) int64 {
	t.Helper()
	m, ok := c[name]
	if !ok {
		return 0
	}
	data, ok := m.Data.(metricdata.Sum[int64])
	assert.Assertf(t, ok, "%s is a %T, not an int64 sum", name, m.Data)
	want := attribute.NewSet(attrs...)
	for _, dp := range data.DataPoints {
		if dp.Attributes.Equals(&want) {
			return dp.Value
		}
	}
	return 0
}

// histogram returns the data point of the histogram name at exactly attrs; ok is
// false if nothing was recorded there.
func histogram[N int64 | float64](t *testing.T, c collected, name string, attrs ...attribute.KeyValue) (dp metricdata.HistogramDataPoint[N], ok bool) {
	t.Helper()
	m, found := c[name]
	if !found {
		return dp, false
	}
	data, isHistogram := m.Data.(metricdata.Histogram[N])
	assert.Assertf(t, isHistogram, "%s is a %T", name, m.Data)
	want := attribute.NewSet(attrs...)
	for _, p := range data.DataPoints {
		if p.Attributes.Equals(&want) {
			return p, true
		}
	}
	return dp, false
}
