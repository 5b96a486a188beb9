// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command metrics exports a Hub's metrics to Prometheus. It implements sse.Metrics with
// atomic counters and serves them on /metrics in Prometheus' text exposition format,
// which any Prometheus server scrapes; with the prometheus/client_golang library the
// same methods would update its counters instead.
//
//	go run ./metrics
//	curl -N http://127.0.0.1:8890/events &   # a client
//	curl http://127.0.0.1:8890/metrics
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse"
)

// hubMetrics counts what a Hub reports.
type hubMetrics struct {
	sse.NopMetrics                                                           // methods added to sse.Metrics later do nothing here
	opened, closed, published, delivered, replayHits, replayMisses, replayed atomic.Int64
	queueFull                                                                [2]atomic.Int64 // by policy
}

func (m *hubMetrics) ConnectionOpened()          { m.opened.Add(1) }
func (m *hubMetrics) ConnectionClosed()          { m.closed.Add(1) }
func (m *hubMetrics) EventPublished(string)      { m.published.Add(1) }
func (m *hubMetrics) EventsDelivered(n int)      { m.delivered.Add(int64(n)) }
func (m *hubMetrics) QueueFull(p sse.SlowPolicy) { m.queueFull[p].Add(1) }
func (m *hubMetrics) Replay(hit bool, n int) {
	if hit {
		m.replayHits.Add(1)
	} else {
		m.replayMisses.Add(1)
	}
	m.replayed.Add(int64(n))
}

// expose writes the counters in Prometheus' text format.
func (m *hubMetrics) expose() string {
	var b strings.Builder
	counter := func(name, help string, v int64, labels string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s%s %d\n", name, help, name, name, labels, v)
	}
	counter("sse_connections_opened_total", "Clients that joined the hub.", m.opened.Load(), "")
	counter("sse_connections_closed_total", "Clients that left the hub.", m.closed.Load(), "")
	counter("sse_events_published_total", "Events broadcast.", m.published.Load(), "")
	counter("sse_events_delivered_total", "Live events written to clients.", m.delivered.Load(), "")
	counter("sse_replayed_events_total", "Events replayed to reconnecting clients.", m.replayed.Load(), "")
	fmt.Fprintf(&b, "# HELP sse_replays_total Reconnections with a Last-Event-ID, by outcome.\n# TYPE sse_replays_total counter\n")
	fmt.Fprintf(&b, "sse_replays_total{outcome=\"hit\"} %d\nsse_replays_total{outcome=\"miss\"} %d\n", m.replayHits.Load(), m.replayMisses.Load())
	fmt.Fprintf(&b, "# HELP sse_queue_full_total Events that found a client's queue full, by the policy applied.\n# TYPE sse_queue_full_total counter\n")
	for p := range m.queueFull {
		fmt.Fprintf(&b, "sse_queue_full_total{policy=%q} %d\n", sse.SlowPolicy(p).String(), m.queueFull[p].Load())
	}
	fmt.Fprintf(&b, "# HELP sse_connections Clients connected now.\n# TYPE sse_connections gauge\nsse_connections %d\n", m.opened.Load()-m.closed.Load())
	return b.String()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8890", "address to listen on")
	flag.Parse()

	metrics := &hubMetrics{}
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(1000, 0)), sse.WithHubMetrics(metrics))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln))
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c) })
	h.GET("/metrics", func(ctx context.Context, c *app.RequestContext) {
		c.Data(200, "text/plain; version=0.0.4", []byte(metrics.expose()))
	})
	go func() {
		for t := range time.NewTicker(time.Second).C {
			_ = hub.Broadcast(context.Background(), &sse.Event{Data: []byte(t.Format(time.RFC3339))})
		}
	}()
	fmt.Printf("events on http://%s/events, metrics on http://%s/metrics\n", ln.Addr(), ln.Addr())
	h.Spin()
}
