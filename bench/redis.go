// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// RedisOptions sizes the Redis workload.
type RedisOptions struct {
	// Duration is how long each throughput run publishes (2 s if zero).
	Duration time.Duration
	// Runs is how many runs each measurement gets, round-robin; the median is
	// reported (3 if zero).
	Runs int
	// Rate is the target of the two-hub run, events/s (20,000 if zero), published
	// from Publishers goroutines (64 if zero) for TwoHubsDuration (3 s if zero) to
	// Subscribers clients of the other hub (10 if zero).
	Rate            int
	Publishers      int
	Subscribers     int
	TwoHubsDuration time.Duration
}

func (o RedisOptions) withDefaults() RedisOptions {
	o.Duration = cmp.Or(o.Duration, 2*time.Second)
	o.Runs = cmp.Or(o.Runs, 3)
	o.Rate = cmp.Or(o.Rate, 20000)
	o.Publishers = cmp.Or(o.Publishers, 64)
	o.Subscribers = cmp.Or(o.Subscribers, 10)
	o.TwoHubsDuration = cmp.Or(o.TwoHubsDuration, 3*time.Second)
	return o
}

// The parallel measurements publish from this many goroutines; the pipelined
// ceiling sends this many XADDs per round trip from each.
const (
	redisPublishers    = 64
	redisPipelineDepth = 32
)

// RedisRate is one throughput measurement: the median run and the extremes.
type RedisRate struct {
	EventsPerSec         float64
	MinPerSec, MaxPerSec float64
	Err                  error
}

// RedisResult is the Redis workload: the Hub on the redis module's Backend, and
// go-redis sending plain XADDs of the same entry to the same Redis, in one run.
type RedisResult struct {
	XADDSequential     RedisRate // go-redis, one XADD at a time from one goroutine
	HubSequential      RedisRate // one goroutine calling BroadcastTo, Backend as Broadcaster
	ReplayerSequential RedisRate // the same, Backend as the Hub's Replayer alone
	XADDPipelined      RedisRate // go-redis, pipelines of 32 XADDs from 64 goroutines
	HubParallel        RedisRate // 64 goroutines calling BroadcastTo, Backend as Broadcaster
	ReplayerParallel   RedisRate // the same, Backend as the Hub's Replayer alone
	TwoHubs            TwoHubsResult
	Err                error // why nothing ran
}

// TwoHubsResult is one run of two hubs on one Redis: events published on one at a
// steady rate, delivered to the clients of the other.
type TwoHubsResult struct {
	Target          int     // events/s asked for
	Published       int     // events published
	PublishedPerSec float64 // over the time publishing took
	Subscribers     int
	Delivered       int64 // events received, every subscriber together, counted once each
	Expected        int64 // Published × Subscribers
	Duplicates      int64 // events a subscriber received more than once
	// Latencies from each event's BroadcastTo call to its arrival at a subscriber,
	// over every delivery.
	P50, P99, Max time.Duration
	Err           error
}

// redisRunner is one of the throughput measurements: it publishes for d and
// returns events/s, every event delivered.
type redisRunner func(srv *redisProcess, key string, d time.Duration) (float64, error)

// RunRedis runs the Redis workload: each throughput measurement opts.Runs times,
// round-robin, then the two-hub run, on one redis-server of its own.
func RunRedis(opts RedisOptions) RedisResult {
	opts = opts.withDefaults()
	var res RedisResult
	srv, err := startRedisServer()
	if err != nil {
		res.Err = err
		return res
	}
	defer srv.stop()

	measures := []struct {
		into *RedisRate
		run  redisRunner
	}{
		{&res.XADDSequential, xaddSequential},
		{&res.HubSequential, hubThroughput(1, true)},
		{&res.ReplayerSequential, hubThroughput(1, false)},
		{&res.XADDPipelined, xaddPipelined},
		{&res.HubParallel, hubThroughput(redisPublishers, true)},
		{&res.ReplayerParallel, hubThroughput(redisPublishers, false)},
	}
	rates := make([][]float64, len(measures))
	key := 0
	for range opts.Runs {
		for i, m := range measures {
			if m.into.Err != nil {
				continue
			}
			key++
			rate, err := m.run(srv, "bench:"+strconv.Itoa(key), opts.Duration)
			if err != nil {
				m.into.Err = err
				continue
			}
			rates[i] = append(rates[i], rate)
		}
	}
	for i, m := range measures {
		if m.into.Err == nil {
			slices.Sort(rates[i])
			r := rates[i]
			*m.into = RedisRate{EventsPerSec: r[len(r)/2], MinPerSec: r[0], MaxPerSec: r[len(r)-1]}
		}
	}
	res.TwoHubs = runTwoHubs(srv, opts)
	return res
}

// xaddArgs is the entry the Backend stores for the sample event under topic "t":
// the same fields and sizes, with a prev as long as a real ID, trimmed as the
// Backend trims by default.
func xaddArgs(key string) *goredis.XAddArgs {
	return &goredis.XAddArgs{
		Stream: key, MaxLen: 10000, Approx: true,
		Values: []any{"topic", "t", "event", sampleType, "data", sampleData, "retry", "0", "prev", sampleID},
	}
}

func xaddSequential(srv *redisProcess, key string, d time.Duration) (float64, error) {
	rdb := srv.client(10)
	defer rdb.Close()
	defer rdb.Del(context.Background(), key)
	args, ctx := xaddArgs(key), context.Background()
	n := 0
	start := time.Now()
	for deadline := start.Add(d); time.Now().Before(deadline); n++ {
		if err := rdb.XAdd(ctx, args).Err(); err != nil {
			return 0, fmt.Errorf("bench: xadd: %w", err)
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

func xaddPipelined(srv *redisProcess, key string, d time.Duration) (float64, error) {
	rdb := srv.client(redisPublishers)
	defer rdb.Close()
	defer rdb.Del(context.Background(), key)
	args, ctx := xaddArgs(key), context.Background()
	var total atomic.Int64
	errs := make(chan error, redisPublishers)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range redisPublishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				p := rdb.Pipeline()
				for range redisPipelineDepth {
					p.XAdd(ctx, args)
				}
				if _, err := p.Exec(ctx); err != nil {
					errs <- fmt.Errorf("bench: pipelined xadd: %w", err)
					return
				}
				total.Add(redisPipelineDepth)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	select {
	case err := <-errs:
		return 0, err
	default:
	}
	return float64(total.Load()) / elapsed.Seconds(), nil
}
