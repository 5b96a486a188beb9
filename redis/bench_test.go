// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// counter is a Connection that counts the events it is sent and signals each one.
type counter struct {
	testkit.NopConn
	n   atomic.Int64
	got chan struct{}
}

func newCounter() *counter { return &counter{got: make(chan struct{}, 1)} }

func (c *counter) Publish(*sse.Event) error {
	c.n.Add(1)
	select {
	case c.got <- struct{}{}:
	default:
	}
	return nil
}

// waitFor waits until the counter has seen n events; it fails after 30s, as when the
// hub dropped its client.
func (c *counter) waitFor(b *testing.B, n int64) {
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; c.n.Load() < n; i++ {
		if i%4096 == 0 && time.Now().After(deadline) {
			b.Errorf("%d of %d events delivered after 30s", c.n.Load(), n)
			return
		}
		runtime.Gosched()
	}
}

// waitAll waits until the counter has seen the b.N events of the benchmark, and
// reports the events delivered per second.
func (c *counter) waitAll(b *testing.B) {
	c.waitFor(b, int64(b.N))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// benchHubs are the hubs compared: in memory, without and with a history, and on
// Redis.
var benchHubs = []struct {
	name string
	new  func(b *testing.B) *sse.Hub
}{
	{"memory", func(b *testing.B) *sse.Hub { return sse.NewHub(benchHubOptions()...) }},
	{"memory+replay", func(b *testing.B) *sse.Hub {
		return sse.NewHub(append(benchHubOptions(), sse.WithReplayer(sse.NewMemoryReplayer(redis.DefaultMaxLen, 0)))...)
	}},
	{"redis", func(b *testing.B) *sse.Hub {
		backend := redis.New(startRedis(b, redisConfig{}).client(b))
		hub := sse.NewHub(append(benchHubOptions(), sse.WithBroadcaster(backend))...)
		waitListening(b, backend)
		return hub
	}},
}

func benchHubOptions() []sse.HubOption {
	return []sse.HubOption{sse.WithQueueSize(1 << 16), sse.WithHubHeartbeat(-1)}
}

// startBenchHub returns a hub with one client of topic "t", shut down when b ends.
func startBenchHub(b *testing.B, newHub func(*testing.B) *sse.Hub) (*sse.Hub, *counter) {
	hub := newHub(b)
	b.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	c := newCounter()
	if err := hub.Register(c, "t"); err != nil {
		b.Fatal(err)
	}
	return hub, c
}

func benchEvent() *sse.Event {
	return &sse.Event{Event: "price", Data: []byte(`{"symbol":"HTZ","price":101.25,"volume":1200}`)}
}

// BenchmarkBroadcast measures throughput from one goroutine: each op is one
// BroadcastTo, delivered to the hub's client.
func BenchmarkBroadcast(b *testing.B) {
	for _, h := range benchHubs {
		b.Run(h.name, func(b *testing.B) {
			hub, c := startBenchHub(b, h.new)
			broadcastSequential(b, hub, c)
		})
	}
}

// broadcastSequential broadcasts b.N events to the client c of hub from one goroutine,
// a burst at a time, and reports the events delivered per second.
func broadcastSequential(b *testing.B, hub *sse.Hub, c *counter) {
	e, ctx := benchEvent(), context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := hub.BroadcastTo(ctx, "t", e); err != nil {
			b.Fatal(err)
		}
		if i%1024 == 1023 { // a burst at a time, not a slow client
			c.waitFor(b, int64(i+1))
		}
	}
	c.waitAll(b)
}

// BenchmarkBroadcastParallel measures throughput with 8 publishers per CPU.
func BenchmarkBroadcastParallel(b *testing.B) {
	for _, h := range benchHubs {
		b.Run(h.name, func(b *testing.B) {
			hub, c := startBenchHub(b, h.new)
			var sent atomic.Int64
			b.SetParallelism(8)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				e, ctx := benchEvent(), context.Background()
				for pb.Next() {
					if err := hub.BroadcastTo(ctx, "t", e); err != nil {
						b.Error(err)
						return
					}
					if n := sent.Add(1); n%256 == 0 {
						c.waitFor(b, n-4096) // keep the queue from overflowing
					}
				}
			})
			c.waitAll(b)
		})
	}
}

// BenchmarkLatency measures the time from BroadcastTo to the delivery of the event
// to the client, one event at a time.
func BenchmarkLatency(b *testing.B) {
	for _, h := range benchHubs {
		b.Run(h.name, func(b *testing.B) {
			hub, c := startBenchHub(b, h.new)
			e, ctx := benchEvent(), context.Background()
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if err := hub.BroadcastTo(ctx, "t", e); err != nil {
					b.Fatal(err)
				}
				<-c.got
				took = append(took, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Nanoseconds())/1e3, "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds())/1e3, "p99-µs")
		})
	}
}
