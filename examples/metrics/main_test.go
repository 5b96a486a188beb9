// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/metricsspec"
	"github.com/hertz-contrib/sse/internal/testkit"
	sseprom "github.com/hertz-contrib/sse/prometheus"
)

func TestMain(m *testing.M) { testkit.VerifyTestMain(m) }

// TestScrape runs a reconnecting client through the example's server, then scrapes
// /metrics over HTTP as Prometheus would and checks what the hub and the client
// reported.
func TestScrape(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	metrics, err := sseprom.New(sseprom.WithRegisterer(reg), sseprom.WithHubName("clock"))
	assert.Nil(t, err)
	hub := newHub(metrics)
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	gate := testkit.NewGate()
	base := testkit.StartServer(t, func(h *server.Hertz) {
		h.Use(func(ctx context.Context, c *app.RequestContext) {
			if string(c.Path()) == "/events" {
				gate.Middleware()(ctx, c)
				return
			}
			c.Next(ctx)
		})
		mount(h, hub, reg)
	}, server.WithSenseClientDisconnection(true))

	traffic := testkit.Traffic{Live: 20, Missed: 7, After: 3}
	traffic.Drive(t, hub, base+"/events", gate, sse.WithClientMetrics(metrics))

	want := testkit.Exposition(metricsspec.Reconnects, `{hub="clock"} 1`) +
		testkit.Exposition(metricsspec.Connections, `{hub="clock"} 0`) +
		testkit.Exposition(metricsspec.Delivered, `{hub="clock"} 23`) +
		testkit.Exposition(metricsspec.Published, `{hub="clock"} 30`) +
		testkit.Exposition(metricsspec.Replays, `{hub="clock",outcome="gap"} 0`, `{hub="clock",outcome="recovered"} 1`)
	assert.Nil(t, testutil.ScrapeAndCompare(base+"/metrics", strings.NewReader(want),
		"sse_client_reconnects_total", "sse_connections", "sse_events_delivered_total",
		"sse_events_published_total", "sse_replays_total"))

	// The histograms' counts and sums, from the text a scrape returns.
	t.Cleanup(http.DefaultClient.CloseIdleConnections) // the scrapes' keep-alive connections
	resp, err := http.Get(base + "/metrics")
	assert.Nil(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	assert.Nil(t, err)
	for _, line := range []string{
		`sse_replayed_events_bucket{hub="clock",le="1"} 0`,
		`sse_replayed_events_bucket{hub="clock",le="10"} 1`,
		`sse_replayed_events_sum{hub="clock"} 7`,
		`sse_replayed_events_count{hub="clock"} 1`,
		`sse_connection_duration_seconds_count{hub="clock"} 2`,
	} {
		assert.Assertf(t, strings.Contains(string(body), line+"\n"), "the scrape lacks %q:\n%s", line, body)
	}
}
