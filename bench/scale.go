// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ScaleOptions sizes the scale workload: as many idle subscribers as one server
// process can hold here, then one broadcast to all of them.
type ScaleOptions struct {
	// Subscribers is how many subscribers connect (DefaultScaleSubscribers if zero).
	Subscribers int
	// NetpollBuffer, if positive, is the size netpoll gives a connection's buffers
	// (netpoll.Config.BufferSize and LinkBufferCap) in the server process; zero keeps
	// netpoll's defaults (8 KiB to read, 4 KiB to write). Only the servers on Hertz use
	// netpoll.
	NetpollBuffer int
	// Drain is the longest wait for the broadcast to arrive (10 s if zero).
	Drain time.Duration
}

// DefaultScaleSubscribers fits the 20,000 descriptors a process may hold on the
// machines this runs on, with room for the server's own.
const DefaultScaleSubscribers = 19000

// TunedNetpollBuffer is the netpoll buffer size of the scale workload's second run:
// a mostly idle connection then holds 512 B to read and 512 B to write, not 12 KiB.
const TunedNetpollBuffer = 512

func (o ScaleOptions) withDefaults() ScaleOptions {
	if o.Subscribers == 0 {
		o.Subscribers = DefaultScaleSubscribers
	}
	if o.Drain == 0 {
		o.Drain = 10 * time.Second
	}
	return o
}

// ScaleResult is one library's server holding opts.Subscribers idle subscribers.
type ScaleResult struct {
	Library     Library
	Subscribers int // connected
	// HeapPerSub and RSSPerSub are the server process's HeapInuse+StackInuse and
	// resident set growth per subscriber, in bytes; GoroutinesPerSub its goroutine
	// count growth.
	HeapPerSub, RSSPerSub float64
	GoroutinesPerSub      float64
	// Connect is the time from the first dial until every subscriber had received an
	// event (a warm-up event goes out every 100 ms once all have dialled).
	Connect time.Duration
	// The broadcast: one event to every subscriber, from the moment it is published
	// to each subscriber's read.
	P50, P99, Max time.Duration
	Delivered     int64 // subscribers that received it
	Disconnected  int   // subscribers the server dropped
	Note          string
	Err           error
}

// RunScale runs the scale workload for each of libs, one after the other, each in a
// fresh server process.
func RunScale(opts ScaleOptions, libs []Library) []ScaleResult {
	opts = opts.withDefaults()
	results := make([]ScaleResult, 0, len(libs))
	for _, lib := range libs {
		results = append(results, runScaleOne(lib, opts))
	}
	return results
}

// UsesNetpoll reports whether lib's server runs on Hertz, whose network library is
// netpoll.
func (l Library) UsesNetpoll() bool { return l == Ours || l == HertzBuiltin }

// runScaleOne starts lib's server process and the subscriber process, connects the
// subscribers, waits until each has received a warm-up event (so each is registered),
// measures the server, publishes one timed event and collects its latencies.
func runScaleOne(lib Library, opts ScaleOptions) ScaleResult {
	res := ScaleResult{Library: lib}
	netpollBuffer := 0
	if lib.UsesNetpoll() {
		netpollBuffer = opts.NetpollBuffer
	}
	srv, err := startScaleServer(lib, netpollBuffer)
	if err != nil {
		res.Err = err
		return res
	}
	defer srv.stop()
	res.Note = srv.note
	if netpollBuffer > 0 {
		res.Note += fmt.Sprintf("; netpoll buffers %d B", netpollBuffer)
	}
	before, err := srv.memory()
	if err != nil {
		res.Err = err
		return res
	}

	child, err := startSubscribers(srv.addr, srv.path, opts.Subscribers)
	if err != nil {
		res.Err = err
		return res
	}
	defer child.stop()
	line, err := child.expect("connected", 5*time.Minute)
	if err != nil {
		res.Err = err
		return res
	}
	var failed int
	if _, err := fmt.Sscanf(line, "connected %d %d", &res.Subscribers, &failed); err != nil || res.Subscribers == 0 {
		res.Err = fmt.Errorf("bench: subscribers: %q", line)
		return res
	}
	if err := warmUpScale(srv, child); err != nil {
		res.Err = err
		return res
	}
	warm := time.Now()

	after, err := srv.memory()
	if err != nil {
		res.Err = err
		return res
	}
	n := float64(res.Subscribers)
	res.HeapPerSub = float64(int64(after.inuse)-int64(before.inuse)) / n
	res.RSSPerSub = float64(int64(after.resident)-int64(before.resident)) / n
	res.GoroutinesPerSub = float64(after.goroutines-before.goroutines) / n

	if _, err := srv.do("publish tick", "published"); err != nil {
		res.Err = err
		return res
	}
	fmt.Fprintf(child.stdin, "drain 1 %d\n", opts.Drain.Milliseconds())
	line, err = child.expect("result", opts.Drain+time.Minute)
	if err != nil {
		res.Err = err
		return res
	}
	var rep subscriberReport
	if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "result ")), &rep); err != nil {
		res.Err = fmt.Errorf("bench: subscriber report %q: %w", line, err)
		return res
	}
	res.Connect = warm.Sub(time.Unix(0, rep.StartNs))
	res.P50, res.P99, res.Max = time.Duration(rep.P50Ns), time.Duration(rep.P99Ns), time.Duration(rep.MaxNs)
	res.Delivered, res.Disconnected = rep.Received, rep.Disconnected
	if failed > 0 {
		res.Err = fmt.Errorf("bench: %d subscribers could not connect: %s", failed, rep.FirstError)
	}
	return res
}

// warmUpScale has the server publish a warm-up event every 100 ms until every
// subscriber has one.
func warmUpScale(srv *scaleServer, child *subscriberProcess) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Minute)
	for {
		if _, err := srv.do("publish warm", "published"); err != nil {
			return err
		}
		select {
		case line, ok := <-child.lines:
			if !ok {
				return child.exitError()
			}
			if line == "warm" {
				return nil
			}
			return fmt.Errorf("bench: subscribers said %q, want warm", line)
		case <-deadline:
			return fmt.Errorf("bench: subscribers were not all registered after 5 minutes")
		case <-tick.C:
		}
	}
}
