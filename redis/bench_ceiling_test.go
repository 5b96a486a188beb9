// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

// The benchmarks of this file put the Hub on Redis beside what go-redis does with
// plain XADDs of the same entry on the same Redis, in the same run, so that the
// ratio means something on a machine whose speed drifts:
//
//	go test -run '^$' -bench 'Ceiling' -benchtime 3s
//
// Each reports events/s; compare hub with xadd within one group, and both with
// backend, the Backend alone, which is the floor the script's guarantees set.

// publishers is how many goroutines publish at once in the parallel benchmarks.
const publishers = 64

// pipelineDepth is how many XADDs one round trip of the pipelined ceiling carries.
const pipelineDepth = 32

// xaddArgs is the entry the Backend stores for benchEvent under topic "t": the same
// fields and sizes, with a prev of the length of a real ID.
func xaddArgs(key string) *goredis.XAddArgs {
	e := benchEvent()
	return &goredis.XAddArgs{
		Stream: key, MaxLen: redis.DefaultMaxLen, Approx: true,
		Values: []any{"topic", "t", "event", e.Event, "data", e.Data, "retry", "0", "prev", "1700000000000-0"},
	}
}

// ceilingHubs are the ways a Hub can run on a Backend: as its Broadcaster (the
// Backend is then its Replayer too), or as its Replayer alone, for one instance.
var ceilingHubs = []ceilingHub{
	{"hub", true},
	{"hub-replayer", false},
}

type ceilingHub struct {
	name        string
	broadcaster bool // else the Backend is the hub's Replayer alone
}

// startCeilingHub returns a hub on a Backend of srv's, with one client of topic "t",
// listening if it has a Broadcaster; it is shut down when b ends.
func startCeilingHub(b *testing.B, srv *redisServer, h ceilingHub) (*sse.Hub, *counter) {
	backend := redis.New(redisClient(b, srv, publishers))
	opt := sse.WithReplayer(backend)
	if h.broadcaster {
		opt = sse.WithBroadcaster(backend)
	}
	hub, c := startBenchHub(b, func(*testing.B) *sse.Hub {
		return sse.NewHub(append(benchHubOptions(), opt)...)
	})
	if h.broadcaster {
		waitListening(b, backend)
	}
	return hub, c
}

// BenchmarkCeilingSequential: one goroutine, one event at a time.
func BenchmarkCeilingSequential(b *testing.B) {
	srv := startRedis(b, redisConfig{})
	b.Run("xadd", func(b *testing.B) {
		rdb := srv.client(b)
		args, ctx := xaddArgs("bench:raw"), context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if err := rdb.XAdd(ctx, args).Err(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	// The floor of the design: the Backend's Publish alone, no Hub and no Listen. Each
	// lone event is one call of the script that keeps the prev chain and trims in the
	// same atomic step, so this row, not xadd, is what a hub on Redis can approach.
	b.Run("backend", func(b *testing.B) {
		backend := redis.New(srv.client(b))
		e, ctx := benchEvent(), context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if err := backend.Publish(ctx, "t", e); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	for _, h := range ceilingHubs {
		b.Run(h.name, func(b *testing.B) {
			hub, c := startCeilingHub(b, srv, h)
			broadcastSequential(b, hub, c)
		})
	}
}

// BenchmarkCeilingParallel: 64 goroutines at once. The ceiling sends pipelines of 32
// XADDs from each goroutine; the hub's publishers call BroadcastTo one event at a
// time, as request handlers do.
func BenchmarkCeilingParallel(b *testing.B) {
	srv := startRedis(b, redisConfig{})
	b.Run("xadd-pipelined", func(b *testing.B) {
		rdb := redisClient(b, srv, publishers)
		args, ctx := xaddArgs("bench:raw"), context.Background()
		var next atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		runPublishers(func() {
			for {
				n := min(int64(pipelineDepth), int64(b.N)-next.Add(pipelineDepth)+pipelineDepth)
				if n <= 0 {
					return
				}
				p := rdb.Pipeline()
				for range n {
					p.XAdd(ctx, args)
				}
				if _, err := p.Exec(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	// The floor of the design for many publishers: the Backend's group commit alone,
	// one script call per batch, no Hub and no Listen.
	b.Run("backend", func(b *testing.B) {
		backend := redis.New(redisClient(b, srv, publishers))
		var next atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		runPublishers(func() {
			e, ctx := benchEvent(), context.Background()
			for next.Add(1) <= int64(b.N) {
				if err := backend.Publish(ctx, "t", e); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	for _, h := range ceilingHubs {
		b.Run(h.name, func(b *testing.B) {
			hub, c := startCeilingHub(b, srv, h)
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			runPublishers(func() {
				e, ctx := benchEvent(), context.Background()
				for {
					n := next.Add(1)
					if n > int64(b.N) {
						return
					}
					if err := hub.BroadcastTo(ctx, "t", e); err != nil {
						b.Error(err)
						return
					}
					if n%256 == 0 {
						c.waitFor(b, n-4096) // keep the client's queue from overflowing
					}
				}
			})
			c.waitAll(b)
		})
	}
}

// runPublishers runs publish on 64 goroutines and waits for them.
func runPublishers(publish func()) {
	var wg sync.WaitGroup
	for range publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			publish()
		}()
	}
	wg.Wait()
}

// redisClient returns a client of srv with a pool of at least size connections.
func redisClient(b *testing.B, srv *redisServer, size int) *goredis.Client {
	c := goredis.NewClient(&goredis.Options{Addr: srv.Addr(), PoolSize: size})
	b.Cleanup(func() { _ = c.Close() })
	return c
}
