// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command metrics exports a Hub's metrics to Prometheus: the hub reports to the
// github.com/hertz-contrib/sse/prometheus module, and /metrics serves them with
// promhttp, beside the Go runtime's, for any Prometheus server to scrape. A clock
// broadcasts the time every second.
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
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/adaptor"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hertz-contrib/sse"
	sseprom "github.com/hertz-contrib/sse/prometheus"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8890", "address to listen on")
	flag.Parse()

	metrics, err := sseprom.New(sseprom.WithHubName("clock")) // on prometheus.DefaultRegisterer
	if err != nil {
		hlog.Fatal(err)
	}
	hub := newHub(metrics)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln), server.WithSenseClientDisconnection(true))
	mount(h, hub, prometheus.DefaultGatherer)

	ctx, stop := context.WithCancel(context.Background())
	ticking := make(chan struct{})
	go func() {
		defer close(ticking)
		tick(ctx, hub)
	}()
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) {
		stop()
		<-ticking
		_ = hub.Shutdown(ctx)
	})
	fmt.Printf("events on http://%s/events, metrics on http://%s/metrics\n", ln.Addr(), ln.Addr())
	h.Spin()
}

// newHub returns the hub of the example, with a history for clients that reconnect,
// reporting to m.
func newHub(m sse.Metrics) *sse.Hub {
	return sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(1000, 0)), sse.WithHubMetrics(m))
}

// mount serves hub on /events, and what g gathers on /metrics.
func mount(h *server.Hertz, hub *sse.Hub, g prometheus.Gatherer) {
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		_ = hub.Serve(ctx, c) // the hub records how long each stream lasts
	})
	h.GET("/metrics", adaptor.HertzHandler(promhttp.HandlerFor(g, promhttp.HandlerOpts{})))
}

// tick broadcasts the time every second until ctx ends.
func tick(ctx context.Context, hub *sse.Hub) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			_ = hub.Broadcast(ctx, &sse.Event{Data: []byte(now.Format(time.RFC3339))})
		}
	}
}
