// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"errors"
	"time"
)

// e2eResult is one library's speed at one stream end to end over loopback: its own
// server publishing the sample event, its own client reading it. The numbers are
// those of the median run by events per second.
type e2eResult struct {
	Library        library
	Events         int           // events the client received
	Elapsed        time.Duration // from the request to the end of the stream
	EventsPerSec   float64
	MinPerSec      float64 // the slowest run's events per second
	MaxPerSec      float64 // the fastest run's
	MBps           float64 // megabytes (10^6) of events per second
	AllocsPerEvent float64 // server and client together
	// CPUPerEvent is the process's CPU time (user and system, server and client
	// together) over the events.
	CPUPerEvent time.Duration
	// Default marks a run of the default path (e2eDefaultRuns): for this package a
	// Stream without WithBatching, for the raw ceiling a write per event.
	Default bool
	Note    string // which APIs were measured
	Err     error  // why there is no number
}

// e2eOptions bounds the end-to-end workload.
type e2eOptions struct {
	MaxEvents int           // at most this many events per run (30,000,000 if zero)
	Duration  time.Duration // the server stops publishing after this (1.5 s if zero)
	Runs      int           // runs per library, each on a fresh server (3 if zero)
}

// e2eRuns maps each library to its end-to-end run.
var e2eRuns = map[library]e2eRun{
	ours:         e2eOurs,
	hertzBuiltin: e2eHertz,
	goSSE:        e2eGoSSE,
	r3labs:       e2eR3labs,
	rawTCP:       e2eRaw,
}

// e2eDefaultRuns are the default path's runs where it differs from e2eRuns: this
// package's Stream without WithBatching, and the raw ceiling writing event by event.
var e2eDefaultRuns = map[library]e2eRun{
	ours:   e2eOursDefault,
	rawTCP: e2eRawPerEvent,
}

var e2eNotes = map[library]string{
	ours:         "Hertz + Stream with WithBatching, Publish → Client.Subscribe",
	hertzBuiltin: "Hertz + Writer.Write → Reader.ForEach",
	goSSE:        "net/http + Session.Send/Flush → client Connection",
	r3labs:       "net/http + Server.Publish → Client.SubscribeRaw",
	rawTCP:       "64 KiB writes of pre-encoded events → bufio.Reader",
}

var e2eDefaultNotes = map[library]string{
	ours:   "Hertz + NewStream, Publish (one write and one flush each) → Client.Subscribe",
	rawTCP: "one write per pre-encoded event → bufio.Reader",
}

func (o e2eOptions) withDefaults() e2eOptions {
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

// e2eVariant is one of the runs runEndToEnd makes: a library on its usual path, or on
// the default path.
type e2eVariant struct {
	lib       library
	isDefault bool
}

// runEndToEnd runs opts.Runs streams per library, each for opts.Duration, and as many
// of the default path for this package and the raw ceiling (see e2eDefaultRuns).
func runEndToEnd(opts e2eOptions) []e2eResult {
	opts = opts.withDefaults()
	var variants []e2eVariant
	for _, lib := range libraries {
		variants = append(variants, e2eVariant{lib, false})
		if e2eDefaultRuns[lib] != nil {
			variants = append(variants, e2eVariant{lib, true})
		}
	}
	results, spreads := roundRobin(len(variants), opts.Runs, func(i int) (e2eResult, error) {
		r, err := runE2EOnce(variants[i], opts)
		r.Err = err
		return r, err
	}, func(r e2eResult) float64 { return r.EventsPerSec })
	for i, s := range spreads {
		results[i].MinPerSec, results[i].MaxPerSec = s.lo, s.hi
	}
	return results
}

func (v e2eVariant) note() string {
	if v.isDefault {
		return e2eDefaultNotes[v.lib]
	}
	return e2eNotes[v.lib]
}

func (v e2eVariant) run() e2eRun {
	if v.isDefault {
		return e2eDefaultRuns[v.lib]
	}
	return e2eRuns[v.lib]
}

func runE2EOnce(v e2eVariant, opts e2eOptions) (e2eResult, error) {
	r := e2eResult{Library: v.lib, Default: v.isDefault, Note: v.note()}
	var c cost
	measure := func(read func() (int, error)) (n int, elapsed time.Duration, err error) {
		c = costOf(func() { n, err = read() })
		return n, c.elapsed, err
	}
	got, elapsed, _, err := v.run()(opts.MaxEvents, opts.Duration, measure)
	if err != nil {
		return r, err
	}
	if got == 0 {
		return r, errors.New("bench: no event received")
	}
	r.Events, r.Elapsed = got, elapsed
	r.EventsPerSec = float64(got) / elapsed.Seconds()
	r.MBps = float64(got*len(sampleWire())) / 1e6 / elapsed.Seconds()
	r.AllocsPerEvent = float64(c.mallocs) / float64(got)
	r.CPUPerEvent = c.cpu / time.Duration(got)
	return r, nil
}
