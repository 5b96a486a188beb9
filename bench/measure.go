// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"runtime"
	"syscall"
	"time"
)

// cost is what a stretch of work cost the whole process.
type cost struct {
	elapsed time.Duration
	cpu     time.Duration // user and system time
	mallocs uint64        // heap allocations
}

// costOf runs work after a garbage collection and returns what it cost.
func costOf(work func()) cost {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu := processCPU()
	start := time.Now()
	work()
	c := cost{elapsed: time.Since(start), cpu: processCPU() - cpu}
	runtime.ReadMemStats(&after)
	c.mallocs = after.Mallocs - before.Mallocs
	return c
}

// processCPU returns the CPU time this process has used, in user and system mode.
func processCPU() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// passStats is what repeated passes over the same input measured.
type passStats struct {
	cost
	passes int
	events int // over all passes
	bytes  int64
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
	check := func() error {
		n, err := pass()
		if err == nil && n != want {
			err = fmt.Errorf("bench: read %d events, want %d", n, want)
		}
		return err
	}
	// One pass first, untimed, so that pools and connections are warm.
	if err := check(); err != nil {
		return passStats{}, err
	}
	var st passStats
	var err error
	st.cost = costOf(func() {
		for start := time.Now(); st.passes < maxPasses && (st.passes < minPasses || time.Since(start) < minTime); {
			if err = check(); err != nil {
				return
			}
			st.passes++
			st.events += want
			st.bytes += size
		}
	})
	return st, err
}
