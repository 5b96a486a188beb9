// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"

	"github.com/hertz-contrib/sse"
)

// BenchmarkProxy measures events per second from an origin to a client directly and
// through 1 and 3 hops.
func BenchmarkProxy(b *testing.B) {
	for _, hops := range []int{0, 1, 3} {
		b.Run(fmt.Sprintf("hops=%d", hops), func(b *testing.B) {
			e := benchEvent()
			n := make(chan int, 1)
			origin := serveSSE(b, func(ctx context.Context, c *app.RequestContext) {
				s := sse.NewStream(c)
				for range <-n {
					if s.Publish(e) != nil {
						return
					}
				}
			}) + "/sse"
			url := chain(b, origin, hops, nil)
			n <- b.N
			b.ResetTimer()
			count := 0
			if err := sse.NewClient(url).Subscribe(func(*sse.Event) { count++ }); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if count != b.N {
				b.Fatalf("received %d of %d", count, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
