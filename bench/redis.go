// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// redisOptions sizes the Redis workload.
type redisOptions struct {
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

func (o redisOptions) withDefaults() redisOptions {
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

// redisRate is one throughput measurement: the median run and the extremes.
type redisRate struct {
	EventsPerSec         float64
	MinPerSec, MaxPerSec float64
	Err                  error
}

// redisResult is the Redis workload: the Hub on the redis module's Backend, and
// go-redis sending plain XADDs of the same entry to the same Redis, in one run.
type redisResult struct {
	XADDSequential     redisRate // go-redis, one XADD at a time from one goroutine
	HubSequential      redisRate // one goroutine calling BroadcastTo, Backend as Broadcaster
	ReplayerSequential redisRate // the same, Backend as the Hub's Replayer alone
	XADDPipelined      redisRate // go-redis, pipelines of 32 XADDs from 64 goroutines
	HubParallel        redisRate // 64 goroutines calling BroadcastTo, Backend as Broadcaster
	ReplayerParallel   redisRate // the same, Backend as the Hub's Replayer alone
	TwoHubs            twoHubsResult
	Err                error // why nothing ran
}

// twoHubsResult is one run of two hubs on one Redis: events published on one at a
// steady rate, delivered to the clients of the other.
type twoHubsResult struct {
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

// runRedis runs the Redis workload: each throughput measurement opts.Runs times,
// round-robin, then the two-hub run, on one redis-server of its own.
func runRedis(opts redisOptions) redisResult {
	opts = opts.withDefaults()
	var res redisResult
	srv, err := startRedisServer()
	if err != nil {
		res.Err = err
		return res
	}
	defer srv.stop()

	measures := []struct {
		into *redisRate
		run  redisRunner
	}{
		{&res.XADDSequential, xaddSequential},
		{&res.HubSequential, hubThroughput(1, true)},
		{&res.ReplayerSequential, hubThroughput(1, false)},
		{&res.XADDPipelined, xaddPipelined},
		{&res.HubParallel, hubThroughput(redisPublishers, true)},
		{&res.ReplayerParallel, hubThroughput(redisPublishers, false)},
	}
	key := 0
	rates, spreads := roundRobin(len(measures), opts.Runs, func(i int) (float64, error) {
		key++
		return measures[i].run(srv, "bench:"+strconv.Itoa(key), opts.Duration)
	}, func(rate float64) float64 { return rate })
	for i, m := range measures {
		*m.into = redisRate{EventsPerSec: rates[i], MinPerSec: spreads[i].lo, MaxPerSec: spreads[i].hi, Err: spreads[i].err}
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
	return xadd(srv, key, d, 1, 1)
}

func xaddPipelined(srv *redisProcess, key string, d time.Duration) (float64, error) {
	return xadd(srv, key, d, redisPublishers, redisPipelineDepth)
}

// xadd sends the sample entry with plain XADDs from publishers goroutines for d, in
// pipelines of depth (one at a time if 1), and returns the events per second.
func xadd(srv *redisProcess, key string, d time.Duration, publishers, depth int) (float64, error) {
	rdb := srv.client(publishers)
	defer rdb.Close()
	defer rdb.Del(context.Background(), key)
	args, ctx := xaddArgs(key), context.Background()
	start := time.Now()
	total, err := publishFrom(publishers, d, func() func() (int, error) {
		return func() (int, error) {
			if depth == 1 {
				return 1, rdb.XAdd(ctx, args).Err()
			}
			p := rdb.Pipeline()
			for range depth {
				p.XAdd(ctx, args)
			}
			_, err := p.Exec(ctx)
			return depth, err
		}
	})
	if err != nil {
		return 0, fmt.Errorf("bench: xadd: %w", err)
	}
	return float64(total) / time.Since(start).Seconds(), nil
}

// publishFrom runs publishers goroutines, each publishing with a publish of its own
// from newPublish until d has passed, and returns how many events they published
// together, or the first error. publish returns how many events it sent.
func publishFrom(publishers int, d time.Duration, newPublish func() func() (int, error)) (int64, error) {
	var total atomic.Int64
	errs := make(chan error, publishers)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			publish := newPublish()
			for time.Now().Before(deadline) {
				n, err := publish()
				if err != nil {
					errs <- err
					return
				}
				total.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return 0, err
	default:
		return total.Load(), nil
	}
}
