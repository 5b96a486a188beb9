// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// BenchmarkClientLoopback measures one stream end to end over loopback with this
// package on both sides: a handler publishes b.N events and a Client receives them.
func BenchmarkClientLoopback(b *testing.B) {
	e := benchEvent()
	n := make(chan int, 1)
	url := testkit.StartServer(b, func(h *server.Hertz) {
		h.GET("/sse", func(ctx context.Context, c *app.RequestContext) {
			s := sse.NewStream(c)
			for range <-n {
				if err := s.Publish(e); err != nil {
					return
				}
			}
		})
	})
	wire, _ := encode(b, e)
	b.SetBytes(int64(len(wire)))
	b.ReportAllocs()
	n <- b.N
	b.ResetTimer()
	count := 0
	if err := sse.NewClient(url + "/sse").Subscribe(func(*sse.Event) { count++ }); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if count != b.N {
		b.Fatalf("received %d events, want %d", count, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
