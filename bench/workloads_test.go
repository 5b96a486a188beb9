// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

// Each workload, shrunk to a few milliseconds of load, must give every library a
// result: these tests check the harness, not the speed.

func TestEncodeBenchmarksRun(t *testing.T) {
	if testing.Short() {
		t.Skip("testing.Benchmark runs each library for a second")
	}
	for _, r := range runEncode() {
		assert.Assert(t, r.NsPerOp > 0, r.Library)
	}
}

func TestParseWorkloads(t *testing.T) {
	opts := parseOptions{Size: 256 << 10, MinPasses: 1, MinTime: time.Millisecond}
	for _, results := range [][]parseResult{runParse(opts), runParseServed(opts)} {
		assert.DeepEqual(t, len(libraries), len(results))
		for _, r := range results {
			assert.Nil(t, r.Err)
			assert.Assert(t, r.MBps > 0 && r.EventsPerSec > 0, r.Library)
		}
	}
}

func TestEndToEndWorkload(t *testing.T) {
	for _, r := range runEndToEnd(e2eOptions{MaxEvents: 2000, Duration: time.Minute, Runs: 1}) {
		assert.Nil(t, r.Err)
		// The raw ceiling writes whole 64 KiB batches.
		assert.Assert(t, r.Events >= 2000 && r.EventsPerSec > 0, r.Library, r.Events)
	}
}

func TestFanoutWorkload(t *testing.T) {
	opts := fanoutOptions{Subscribers: 20, Rate: 100, Duration: 300 * time.Millisecond, Drain: 5 * time.Second}
	for _, lib := range libraries {
		t.Run(lib.Key(), func(t *testing.T) {
			r := runFanoutOne(lib, opts)
			assert.Nil(t, r.Err)
			assert.DeepEqual(t, 20, r.Subscribers)
			assert.DeepEqual(t, 0, r.Disconnected)
			assert.Assert(t, r.Published > 0, r.Published)
			assert.DeepEqual(t, r.Expected, r.Delivered)
			assert.Assert(t, r.P50 > 0 && r.P99 >= r.P50 && r.Max >= r.P99, r.P50, r.P99, r.Max)
		})
	}
}

func TestReplayWorkload(t *testing.T) {
	opts := replayOptions{Missed: 300, Runs: 1}
	for _, lib := range libraries {
		t.Run(lib.Key(), func(t *testing.T) {
			if lib == goSSE && raceEnabled {
				// go-sse v0.12.0's Joe can still flush a session after ServeHTTP has
				// returned for a client that left, which the race detector reports in
				// net/http's buffers. The bug is the peer's; its replay runs in make bench.
				t.Skip("go-sse v0.12.0 races on a departing replay client; measured by make bench without -race")
			}
			r := runReplay(opts, []library{lib})[0]
			if lib == hertzBuiltin {
				assert.Assert(t, errors.Is(r.Err, errNoReplay), r.Err)
				return
			}
			assert.Nil(t, r.Err)
			assert.Assert(t, r.Median > 0 && r.Expected >= 300, r.Median, r.Expected)
			if lib == r3labs {
				// r3labs replays every event whose ID is >= Last-Event-ID: the one
				// the client already had comes again.
				t.Logf("r3labs deviation: replayed %d events for %d missed (it resends the Last-Event-ID event)", r.Replayed, r.Expected)
				assert.DeepEqual(t, r.Expected+1, r.Replayed)
				return
			}
			assert.DeepEqual(t, r.Expected, r.Replayed)
		})
	}
}

func TestScaleWorkload(t *testing.T) {
	for _, buffer := range []int{0, tunedNetpollBuffer} {
		for _, r := range runScale(scaleOptions{Subscribers: 20, NetpollBuffer: buffer}, libraries) {
			t.Run(fmt.Sprintf("%s/netpoll-%d", r.Library.Key(), buffer), func(t *testing.T) {
				assert.Nil(t, r.Err)
				assert.DeepEqual(t, 20, r.Subscribers)
				assert.DeepEqual(t, int64(20), r.Delivered)
				assert.DeepEqual(t, 0, r.Disconnected)
				assert.Assert(t, r.HeapPerSub > 0 && r.RSSPerSub != 0, r.HeapPerSub, r.RSSPerSub)
				assert.Assert(t, r.Connect > 0 && r.P50 > 0 && r.P99 >= r.P50 && r.Max >= r.P99, r.Connect, r.P50, r.P99, r.Max)
			})
		}
	}
}
