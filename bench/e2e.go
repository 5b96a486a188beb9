// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"cmp"
	"errors"
	"runtime"
	"slices"
	"time"
)

// E2EResult is one library's speed at one stream end to end over loopback: its own
// server publishing the sample event, its own client reading it. The numbers are
// those of the median run by events per second.
type E2EResult struct {
	Library        Library
	Events         int           // events the client received
	Elapsed        time.Duration // from the request to the end of the stream
	EventsPerSec   float64
	MinPerSec      float64 // the slowest run's events per second
	MaxPerSec      float64 // the fastest run's
	MBps           float64 // megabytes (10^6) of events per second
	AllocsPerEvent float64 // server and client together
	Note           string  // which APIs were measured
	Err            error   // why there is no number
}

// E2EOptions bounds the end-to-end workload.
type E2EOptions struct {
	MaxEvents int           // at most this many events per run (30,000,000 if zero)
	Duration  time.Duration // the server stops publishing after this (1.5 s if zero)
	Runs      int           // runs per library, each on a fresh server (3 if zero)
}

// e2eRuns maps each library to its end-to-end run.
var e2eRuns = map[Library]e2eRun{
	Ours:         e2eOurs,
	HertzBuiltin: e2eHertz,
	GoSSE:        e2eGoSSE,
	R3labs:       e2eR3labs,
	Raw:          e2eRaw,
}

var e2eNotes = map[Library]string{
	Ours:         "Hertz + Stream with WithBatching, Publish → Client.Subscribe",
	HertzBuiltin: "Hertz + Writer.Write → Reader.ForEach",
	GoSSE:        "net/http + Session.Send/Flush → client Connection",
	R3labs:       "net/http + Server.Publish → Client.SubscribeRaw",
	Raw:          "64 KiB writes of pre-encoded events → bufio.Reader",
}

func (o E2EOptions) withDefaults() E2EOptions {
	if o.MaxEvents == 0 {
		o.MaxEvents = 30_000_000
	}
	if o.Duration == 0 {
		o.Duration = 1500 * time.Millisecond
	}
	if o.Runs == 0 {
		o.Runs = 3
	}
	return o
}

// RunEndToEnd runs opts.Runs streams per library, each for opts.Duration.
func RunEndToEnd(opts E2EOptions) []E2EResult {
	opts = opts.withDefaults()
	// Round-robin over the libraries, so that a noisy moment on the machine falls on
	// one run of several libraries rather than on every run of one.
	runs := map[Library][]E2EResult{}
	failed := map[Library]error{}
	for i := 0; i < opts.Runs; i++ {
		for _, lib := range Libraries {
			if failed[lib] != nil {
				continue
			}
			r, err := runE2EOnce(lib, opts)
			if err != nil {
				failed[lib] = err
				continue
			}
			runs[lib] = append(runs[lib], r)
		}
	}
	results := make([]E2EResult, 0, len(Libraries))
	for _, lib := range Libraries {
		if err := failed[lib]; err != nil {
			results = append(results, E2EResult{Library: lib, Note: e2eNotes[lib], Err: err})
			continue
		}
		rs := runs[lib]
		slices.SortFunc(rs, func(a, b E2EResult) int { return cmp.Compare(a.EventsPerSec, b.EventsPerSec) })
		r := rs[len(rs)/2]
		r.MinPerSec, r.MaxPerSec = rs[0].EventsPerSec, rs[len(rs)-1].EventsPerSec
		results = append(results, r)
	}
	return results
}

func runE2EOnce(lib Library, opts E2EOptions) (E2EResult, error) {
	r := E2EResult{Library: lib, Note: e2eNotes[lib]}
	var mallocs uint64
	measure := func(read func() (int, error)) (int, time.Duration, error) {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		n, err := read()
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		mallocs = after.Mallocs - before.Mallocs
		return n, elapsed, err
	}
	got, elapsed, _, err := e2eRuns[lib](opts.MaxEvents, opts.Duration, measure)
	if err != nil {
		return r, err
	}
	if got == 0 {
		return r, errors.New("bench: no event received")
	}
	r.Events, r.Elapsed = got, elapsed
	r.EventsPerSec = float64(got) / elapsed.Seconds()
	r.MBps = float64(got*len(sampleWire())) / 1e6 / elapsed.Seconds()
	r.AllocsPerEvent = float64(mallocs) / float64(got)
	return r, nil
}
