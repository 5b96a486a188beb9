// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"time"
)

// scaleOptions sizes the scale workload: as many idle subscribers as one server
// process can hold here, then one broadcast to all of them.
type scaleOptions struct {
	// Subscribers is how many subscribers connect (defaultScaleSubscribers if zero).
	Subscribers int
	// NetpollBuffer, if positive, is the size netpoll gives a connection's buffers
	// (netpoll.Config.BufferSize and LinkBufferCap) in the server process; zero keeps
	// netpoll's defaults (8 KiB to read, 4 KiB to write). Only the servers on Hertz use
	// netpoll.
	NetpollBuffer int
	// Drain is the longest wait for the broadcast to arrive (10 s if zero).
	Drain time.Duration
}

// defaultScaleSubscribers fits the 20,000 descriptors a process may hold on the
// machines this runs on, with room for the server's own.
const defaultScaleSubscribers = 19000

// tunedNetpollBuffer is the netpoll buffer size of the scale workload's second run:
// a mostly idle connection then holds 512 B to read and 512 B to write, not 12 KiB.
const tunedNetpollBuffer = 512

func (o scaleOptions) withDefaults() scaleOptions {
	if o.Subscribers == 0 {
		o.Subscribers = defaultScaleSubscribers
	}
	if o.Drain == 0 {
		o.Drain = 10 * time.Second
	}
	return o
}

// scaleResult is one library's server holding opts.Subscribers idle subscribers.
type scaleResult struct {
	Library     library
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

// runScale runs the scale workload for each of libs, one after the other, each in a
// fresh server process.
func runScale(opts scaleOptions, libs []library) []scaleResult {
	opts = opts.withDefaults()
	results, _ := roundRobin(len(libs), 1, func(i int) (scaleResult, error) {
		r := runScaleOne(libs[i], opts)
		return r, r.Err
	}, nil)
	return results
}

// UsesNetpoll reports whether lib's server runs on Hertz, whose network library is
// netpoll.
func (l library) UsesNetpoll() bool { return l == ours || l == hertzBuiltin }

// runScaleOne starts lib's server process and the subscriber process, connects the
// subscribers, waits until each has received a warm-up event (so each is registered),
// measures the server, publishes one timed event and collects its latencies.
func runScaleOne(lib library, opts scaleOptions) scaleResult {
	res := scaleResult{Library: lib}
	res.Err = res.run(opts)
	return res
}

func (res *scaleResult) run(opts scaleOptions) error {
	netpollBuffer := 0
	if res.Library.UsesNetpoll() {
		netpollBuffer = opts.NetpollBuffer
	}
	srv, err := startScaleServer(res.Library, netpollBuffer)
	if err != nil {
		return err
	}
	defer srv.stop()
	res.Note = srv.note
	if netpollBuffer > 0 {
		res.Note += fmt.Sprintf("; netpoll buffers %d B", netpollBuffer)
	}
	before, err := srv.memory()
	if err != nil {
		return err
	}

	subs, err := startSubscribers(srv.addr, srv.path, opts.Subscribers, 5*time.Minute, func() error {
		_, err := srv.do("publish warm", "published")
		return err
	})
	if err != nil {
		return err
	}
	defer subs.stop()
	warm := time.Now()
	res.Subscribers = subs.connected
	after, err := srv.memory()
	if err != nil {
		return err
	}
	n := float64(res.Subscribers)
	res.HeapPerSub = float64(int64(after.inuse)-int64(before.inuse)) / n
	res.RSSPerSub = float64(int64(after.resident)-int64(before.resident)) / n
	res.GoroutinesPerSub = float64(after.goroutines-before.goroutines) / n

	if _, err := srv.do("publish tick", "published"); err != nil {
		return err
	}
	rep, err := subs.result(1, opts.Drain)
	if err != nil {
		return err
	}
	res.Connect = warm.Sub(time.Unix(0, rep.StartNs))
	res.P50, res.P99, res.Max = time.Duration(rep.P50Ns), time.Duration(rep.P99Ns), time.Duration(rep.MaxNs)
	res.Delivered, res.Disconnected = rep.Received, rep.Disconnected
	return nil
}
