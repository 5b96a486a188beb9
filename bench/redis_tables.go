// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import "fmt"

// The rows of the Redis tables other than this package's own.
const (
	// redisXADD is go-redis sending one plain XADD at a time from one goroutine.
	redisXADD library = "go-redis XADD, one at a time (ceiling)"
	// redisPipelined is go-redis sending pipelines of 32 XADDs from 64 goroutines.
	redisPipelined library = "go-redis XADD, 32 per pipeline from 64 goroutines (ceiling)"
	// oursReplayerOnly is this package's Hub with the Backend as its Replayer alone.
	oursReplayerOnly library = "hertz-contrib/sse, Backend as Replayer only"
)

// redisTables turns the Redis workload into its three tables.
func redisTables(res redisResult, opts redisOptions) []table {
	opts = opts.withDefaults()
	errOf := func(r redisRate) error {
		if res.Err != nil {
			return res.Err
		}
		return r.Err
	}
	runs := fmt.Sprintf("Runs: %d of %v each, round-robin over the rows, on one redis-server of the run's own (no persistence, loopback); the table shows the median run. "+
		"Every event published is delivered to one client of the hub (an in-process Connection) before the clock stops. "+
		"The ceiling sends the entry the Backend stores for the sample event (the same five fields and sizes, MAXLEN ~ 10000) with plain XADDs. ", opts.Runs, opts.Duration)
	// throughput makes a table of this package's Hub on the Backend as Broadcaster and
	// as Replayer alone, beside ceiling; rates and hows are theirs, in that order.
	throughput := func(title, short string, ceiling library, target string, rates [3]redisRate, hows [3]string) table {
		t := table{
			Title: title, Short: short, Throughput: true, Ceiling: ceiling, Peerless: true,
			Columns: []column{
				{Name: "events/s", HigherIsBetter: true},
				{Name: "slowest run", HigherIsBetter: true},
				{Name: "fastest run", HigherIsBetter: true},
			},
			Notes: []string{runs + "The target is " + target + " the ceiling."},
		}
		for i, lib := range []library{ours, oursReplayerOnly, ceiling} {
			r := rates[i]
			t.Rows = append(t.Rows, row{Library: lib, Values: []float64{r.EventsPerSec, r.MinPerSec, r.MaxPerSec}, Err: errOf(r), How: hows[i]})
		}
		return t
	}
	sequential := throughput("6a. Redis backend, one publisher: sequential BroadcastTo beside plain XADD", "redis, 1 publisher", redisXADD, "0.80×",
		[3]redisRate{res.HubSequential, res.ReplayerSequential, res.XADDSequential},
		[3]string{"Hub + redis.Backend as Broadcaster (and so Replayer); BroadcastTo from one goroutine, each waits for Redis",
			"Hub + redis.Backend as Replayer alone: one instance, events stored in Redis and fanned out locally",
			"go-redis XAdd from one goroutine"})
	parallel := throughput("6b. Redis backend, 64 publishers at once beside pipelined XADD", "redis, 64 publishers", redisPipelined, "0.50×",
		[3]redisRate{res.HubParallel, res.ReplayerParallel, res.XADDPipelined},
		[3]string{"Hub + redis.Backend as Broadcaster; 64 goroutines each calling BroadcastTo one event at a time",
			"Hub + redis.Backend as Replayer alone; 64 goroutines",
			"go-redis Pipeline of 32 XAdds per Exec, from 64 goroutines"})
	th := res.TwoHubs
	pct := na
	if th.Expected > 0 {
		pct = 100 * float64(th.Delivered) / float64(th.Expected)
	}
	twoErr := th.Err
	if res.Err != nil {
		twoErr = res.Err
	}
	two := table{
		Title: fmt.Sprintf("6c. Two hubs on one Redis: %s events/s published on one, delivered to %d subscribers of the other",
			groupThousands(fmt.Sprint(opts.Rate)), opts.Subscribers),
		Short: "redis, two hubs",
		Columns: []column{
			{Name: "published/s", HigherIsBetter: true},
			{Name: "delivered once %", HigherIsBetter: true, Decimals: 2},
			{Name: "duplicates"},
			{Name: "p50 ms", Decimals: 2},
			{Name: "p99 ms", Decimals: 2},
			{Name: "max ms", Decimals: 2},
		},
		Peerless: true,
		Rows: []row{{Library: ours, Err: twoErr,
			Values: []float64{th.PublishedPerSec, pct, float64(th.Duplicates), ms(th.P50), ms(th.P99), ms(th.Max)},
			How:    fmt.Sprintf("two Hubs, each on its own redis.Backend and go-redis client; %d goroutines publish on one; the subscribers are sse.Clients of the other's Hub.Serve over loopback HTTP", opts.Publishers)}},
		Notes: []string{fmt.Sprintf("One run of %v: each event is published at its scheduled time (or at once when its publisher is behind, which shows in published/s) and carries the time of its BroadcastTo call; the latencies run from that call to the subscriber's read. "+
			"\"delivered once\" counts, per subscriber, distinct events received over those published; duplicates are counted apart. The target: the rate reached, 100 %% delivered once, no duplicate, p99 under 5 ms.", opts.TwoHubsDuration)},
	}
	return []table{sequential, parallel, two}
}
