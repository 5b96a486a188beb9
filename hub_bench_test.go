// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/hertz-contrib/sse"
)

// deliveryCounter counts delivered events.
type deliveryCounter struct {
	sse.NopMetrics
	n atomic.Int64
}

func (c *deliveryCounter) EventsDelivered(n int) { c.n.Add(int64(n)) }

// BenchmarkHubBroadcast measures fan-out without the network: each op is one
// BroadcastTo delivered to every subscriber's Stream (writing to io.Discard).
func BenchmarkHubBroadcast(b *testing.B) {
	for _, subscribers := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("subscribers=%d", subscribers), func(b *testing.B) {
			counter := &deliveryCounter{}
			hub := sse.NewHub(sse.WithQueueSize(1024), sse.WithHubMetrics(counter), sse.WithHubHeartbeat(-1))
			defer hub.Shutdown(context.Background())
			for range subscribers {
				if err := hub.Register(sse.NewStreamWithWriter(io.Discard), "t"); err != nil {
					b.Fatal(err)
				}
			}
			e := benchEvent()
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := hub.BroadcastTo(ctx, "t", e); err != nil {
					b.Fatal(err)
				}
				if i%256 == 255 { // let the writers catch up: a burst, not slow clients
					waitDelivered(counter, int64(i+1)*int64(subscribers))
				}
			}
			waitDelivered(counter, int64(b.N)*int64(subscribers))
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(int64(b.N)*int64(subscribers)), "ns/delivery")
		})
	}
}

func waitDelivered(c *deliveryCounter, n int64) {
	for c.n.Load() < n {
		runtime.Gosched()
	}
}
