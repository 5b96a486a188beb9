// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"cmp"
	"fmt"
	"runtime"
	"strconv"
	"time"
)

// fanoutOptions sizes one fan-out run.
type fanoutOptions struct {
	Subscribers int           // idle subscribers connected before the timed phase
	Rate        int           // target events per second
	Duration    time.Duration // length of the timed phase
	Drain       time.Duration // longest wait for late events after it (5 s if zero)
	// Runs is how many runs each library gets, round-robin over the libraries; the
	// run with the median delivered/s is reported (1 if zero).
	Runs int
}

// fanoutResult is one library's fan-out: every event published to every subscriber.
type fanoutResult struct {
	Library     library
	Subscribers int   // connected
	Rate        int   // target events per second
	Published   int   // timed events published
	Delivered   int64 // timed events received, all subscribers together
	Expected    int64 // Published × Subscribers
	// DeliveredPerSec is Delivered over the time from the first scheduled publish to
	// the last delivery.
	DeliveredPerSec float64
	// Latencies from the scheduled publish time to the subscriber's read, over the
	// delivered events.
	P50, P99, Max time.Duration
	// HeapPerConn is the server's HeapInuse+StackInuse growth per idle subscriber;
	// GoroutinesPerConn its goroutine count growth.
	HeapPerConn       float64
	GoroutinesPerConn float64
	Disconnected      int // subscribers the server dropped during the run
	// MinPerSec and MaxPerSec are the delivered/s of the slowest and fastest runs.
	MinPerSec, MaxPerSec float64
	Note                 string // how the library's server was set up
	Err                  error  // why there is no number
}

// runFanout runs the fan-out workload with opts for every library, opts.Runs times
// round-robin.
func runFanout(opts fanoutOptions) []fanoutResult {
	results, spreads := roundRobin(len(libraries), opts.Runs, func(i int) (fanoutResult, error) {
		r := runFanoutOne(libraries[i], opts)
		return r, r.Err
	}, func(r fanoutResult) float64 { return r.DeliveredPerSec })
	for i, s := range spreads {
		results[i].MinPerSec, results[i].MaxPerSec = s.lo, s.hi
	}
	return results
}

// runFanoutOne starts lib's server in this process and the subscriber process,
// which connects the subscribers and says "connected"; warm-up events go out every
// 100 ms until it says "warm" (each subscriber has received one, so each is
// registered); the heap is measured; timed events go out at opts.Rate for
// opts.Duration; then the subscribers report what they received.
func runFanoutOne(lib library, opts fanoutOptions) fanoutResult {
	res := fanoutResult{Library: lib, Rate: opts.Rate}
	res.Err = res.run(opts)
	return res
}

func (res *fanoutResult) run(opts fanoutOptions) error {
	if _, err := raiseFileLimit(); err != nil {
		return err
	}
	srv, err := fanoutStarters[res.Library](false)
	if err != nil {
		return err
	}
	res.Note = srv.note
	defer srv.stop()
	seq := 0
	publish := func(data []byte) error {
		seq++
		if err := srv.publish(strconv.Itoa(seq), data); err != nil {
			return fmt.Errorf("bench: publish: %w", err)
		}
		return nil
	}

	before := serverMemory()
	subs, err := startSubscribers(srv.addr, srv.path, opts.Subscribers, 2*time.Minute, func() error { return publish(warmData) })
	if err != nil {
		return err
	}
	defer subs.stop()
	res.Subscribers = subs.connected
	after := serverMemory()
	res.HeapPerConn = float64(int64(after.inuse)-int64(before.inuse)) / float64(res.Subscribers)
	res.GoroutinesPerConn = float64(after.goroutines-before.goroutines) / float64(res.Subscribers)

	start, published, err := publishPaced(publish, opts)
	if err != nil {
		return err
	}
	res.Published = published
	rep, err := subs.result(published, cmp.Or(opts.Drain, 5*time.Second))
	if err != nil {
		return err
	}
	res.Delivered, res.Disconnected = rep.Received, rep.Disconnected
	res.Expected = int64(published) * int64(res.Subscribers)
	res.P50, res.P99, res.Max = time.Duration(rep.P50Ns), time.Duration(rep.P99Ns), time.Duration(rep.MaxNs)
	if rep.Received > 0 {
		res.DeliveredPerSec = float64(rep.Received) / time.Duration(rep.LastNs-start.UnixNano()).Seconds()
	}
	return nil
}

// publishPaced publishes timed events at opts.Rate for opts.Duration, each carrying
// its scheduled time: a publisher that falls behind catches up, and the delay counts
// in the latencies. It returns the first scheduled time and how many it published.
func publishPaced(publish func(data []byte) error, opts fanoutOptions) (time.Time, int, error) {
	interval := time.Second / time.Duration(opts.Rate)
	total := int(opts.Duration / interval)
	start := time.Now().Add(10 * time.Millisecond)
	end := start.Add(opts.Duration)
	published := 0
	for k := 0; k < total; k++ {
		sched := start.Add(time.Duration(k) * interval)
		if d := time.Until(sched); d > 0 {
			time.Sleep(d) // pacing, not waiting for readiness
		} else if time.Now().After(end) {
			break // fell behind for the whole phase: stop on time
		}
		if err := publish(tickData(sched.UnixNano())); err != nil {
			return start, published, err
		}
		published++
	}
	return start, published, nil
}

type memorySample struct {
	inuse      uint64 // HeapInuse + StackInuse
	goroutines int
}

func serverMemory() memorySample {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memorySample{inuse: m.HeapInuse + m.StackInuse, goroutines: runtime.NumGoroutine()}
}
