// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/adaptor"
	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hertz-contrib/sse"
	sseprom "github.com/hertz-contrib/sse/prometheus"
)

// A Hertz server whose hub reports to Prometheus, scraped on /metrics.
func ExampleNew() {
	m, err := sseprom.New(sseprom.WithHubName("news"))
	if err != nil {
		panic(err)
	}
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(10_000, time.Hour)), sse.WithHubMetrics(m))

	h := server.Default()
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		_ = hub.Serve(ctx, c) // the hub records how long the client stayed
	})
	h.GET("/metrics", adaptor.HertzHandler(promhttp.Handler()))
	h.Spin()
}

// What a scrape shows after a hub sent three events to one client, without the
// histograms' buckets and the sum of connection durations, which varies.
func ExampleMetrics() {
	reg := promclient.NewRegistry()
	m, err := sseprom.New(sseprom.WithRegisterer(reg), sseprom.WithHubName("news"))
	if err != nil {
		panic(err)
	}
	hub := sse.NewHub(sse.WithHubMetrics(m))
	_ = hub.Register(sse.NewStreamWithWriter(io.Discard)) // a client; its stream is not the point here
	for _, text := range []string{"one", "two", "three"} {
		_ = hub.Broadcast(context.Background(), &sse.Event{Data: []byte(text)})
	}
	_ = hub.Shutdown(context.Background()) // delivers what is queued, then ends the client

	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for lines := bufio.NewScanner(rec.Body); lines.Scan(); {
		line := lines.Text()
		if !strings.HasPrefix(line, "#") && !strings.Contains(line, "_bucket") && !strings.HasPrefix(line, "sse_connection_duration_seconds_sum") {
			fmt.Println(line)
		}
	}
	// Output:
	// sse_client_reconnects_total{hub="news"} 0
	// sse_connection_duration_seconds_count{hub="news"} 1
	// sse_connections{hub="news"} 0
	// sse_events_delivered_total{hub="news"} 3
	// sse_events_published_total{hub="news"} 3
	// sse_queue_full_total{hub="news",policy="disconnect"} 0
	// sse_queue_full_total{hub="news",policy="drop-events"} 0
	// sse_replayed_events_sum{hub="news"} 0
	// sse_replayed_events_count{hub="news"} 0
	// sse_replays_total{hub="news",outcome="gap"} 0
	// sse_replays_total{hub="news",outcome="recovered"} 0
}
