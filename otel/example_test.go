// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/hertz-contrib/sse"
	sseotel "github.com/hertz-contrib/sse/otel"
)

// A Hertz server whose hub reports to the global MeterProvider, which the
// application sets up with its exporter (OTLP, Prometheus) before New.
func ExampleNew() {
	m, err := sseotel.New(sseotel.WithHubName("news"))
	if err != nil {
		panic(err)
	}
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(10_000, time.Hour)), sse.WithHubMetrics(m))

	h := server.Default()
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		_ = hub.Serve(ctx, c) // the hub records how long the client stayed
	})
	h.Spin()
}

// What the SDK collects after a hub sent three events to one client: its counters.
func ExampleMetrics() {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer provider.Shutdown(context.Background())
	m, err := sseotel.New(sseotel.WithMeterProvider(provider), sseotel.WithHubName("news"))
	if err != nil {
		panic(err)
	}
	hub := sse.NewHub(sse.WithHubMetrics(m))
	_ = hub.Register(sse.NewStreamWithWriter(io.Discard)) // a client; its stream is not the point here
	for _, text := range []string{"one", "two", "three"} {
		_ = hub.Broadcast(context.Background(), &sse.Event{Data: []byte(text)})
	}
	_ = hub.Shutdown(context.Background()) // delivers what is queued, then ends the client

	var rm metricdata.ResourceMetrics
	_ = reader.Collect(context.Background(), &rm)
	var lines []string
	for _, sm := range rm.ScopeMetrics {
		for _, metric := range sm.Metrics {
			if sum, ok := metric.Data.(metricdata.Sum[int64]); ok {
				for _, dp := range sum.DataPoints {
					hub, _ := dp.Attributes.Value("sse.hub")
					lines = append(lines, fmt.Sprintf("%s{sse.hub=%s} %d", metric.Name, hub.AsString(), dp.Value))
				}
			}
		}
	}
	slices.Sort(lines)
	fmt.Println(strings.Join(lines, "\n"))
	// Output:
	// sse.connections{sse.hub=news} 0
	// sse.events.delivered{sse.hub=news} 3
	// sse.events.published{sse.hub=news} 3
}
