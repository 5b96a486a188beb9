// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"runtime"
	"time"
)

// passStats is what repeated passes over the same input measured.
type passStats struct {
	passes  int
	events  int // over all passes
	bytes   int64
	elapsed time.Duration
	mallocs uint64
}

// MBps returns the throughput in megabytes (10^6) per second.
func (p passStats) MBps() float64 { return float64(p.bytes) / 1e6 / p.elapsed.Seconds() }

// EventsPerSec returns the events per second.
func (p passStats) EventsPerSec() float64 { return float64(p.events) / p.elapsed.Seconds() }

// AllocsPerEvent returns the heap allocations of the whole process per event.
func (p passStats) AllocsPerEvent() float64 { return float64(p.mallocs) / float64(p.events) }

// repeatPasses runs pass, which reads size bytes and must count want events, at least
// minPasses times and until minTime has passed, at most maxPasses times.
func repeatPasses(pass func() (int, error), want int, size int64, minPasses, maxPasses int, minTime time.Duration) (passStats, error) {
	// One pass first, untimed, so that pools and connections are warm.
	if n, err := pass(); err != nil {
		return passStats{}, err
	} else if n != want {
		return passStats{}, fmt.Errorf("bench: read %d events, want %d", n, want)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var st passStats
	start := time.Now()
	for st.passes < maxPasses && (st.passes < minPasses || time.Since(start) < minTime) {
		n, err := pass()
		if err != nil {
			return passStats{}, err
		}
		if n != want {
			return passStats{}, fmt.Errorf("bench: read %d events, want %d", n, want)
		}
		st.passes++
		st.events += n
		st.bytes += size
	}
	st.elapsed = time.Since(start)
	runtime.ReadMemStats(&after)
	st.mallocs = after.Mallocs - before.Mallocs
	return st, nil
}
