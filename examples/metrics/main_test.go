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
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	sseprom "github.com/hertz-contrib/sse/prometheus"
)

func TestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	goleak.VerifyTestMain(m, testkit.LeakOptions()...)
}

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

	const want = `
# HELP sse_client_reconnects_total Times a client waited to reconnect after its stream ended.
# TYPE sse_client_reconnects_total counter
sse_client_reconnects_total{hub="clock"} 1
# HELP sse_connections Clients connected to the hub now.
# TYPE sse_connections gauge
sse_connections{hub="clock"} 0
# HELP sse_events_delivered_total Live events the hub wrote to clients, once per client; replayed events are not counted.
# TYPE sse_events_delivered_total counter
sse_events_delivered_total{hub="clock"} 23
# HELP sse_events_published_total Events the hub broadcast, once per event whatever the number of clients.
# TYPE sse_events_published_total counter
sse_events_published_total{hub="clock"} 30
# HELP sse_replays_total Clients that came back with a Last-Event-ID: recovered if the history covered it, gap if not.
# TYPE sse_replays_total counter
sse_replays_total{hub="clock",outcome="gap"} 0
sse_replays_total{hub="clock",outcome="recovered"} 1
`
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
