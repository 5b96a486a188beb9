// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"testing"
	"time"
)

// The workloads as go test benchmarks, one sub-benchmark per library (ours, hertz,
// go-sse, r3labs, raw), for example:
//
//	go test -run '^$' -bench 'EndToEnd/ours' -cpuprofile cpu.out
//
// Encode also has ours-stream: a whole Stream.Publish to io.Discard, where the
// report's ours row is Event.AppendText alone.
//
// The fan-out benchmark runs one fixed scenario whatever b.N is; go run .
// runs the full-size ones.

func BenchmarkEncode(b *testing.B) {
	for _, lib := range libraries {
		b.Run(lib.Key(), encodeBenchmarks[lib])
		if lib == ours {
			// The report's row is the encoder alone; this is a whole Stream.Publish.
			b.Run(lib.Key()+"-stream", encodeOursStream)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	stream, want := repeatWire(sampleWire(), parseSize)
	passes, _ := inMemoryReaders(stream)
	for _, lib := range libraries {
		b.Run(lib.Key(), func(b *testing.B) { benchPasses(b, passes[lib], want, len(stream)) })
	}
}

func benchPasses(b *testing.B, pass func() (int, error), want, size int) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		n, err := pass()
		if err != nil {
			b.Fatal(err)
		}
		if n != want {
			b.Fatalf("read %d events, want %d", n, want)
		}
	}
	b.ReportMetric(float64(want*b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkEndToEnd(b *testing.B) { benchEndToEnd(b, libraries, e2eRuns) }

// BenchmarkEndToEndDefault is the default path: a plain Stream for this package (one
// write and one flush per Publish) and one write per event for the raw ceiling; the
// peers' rows are those of BenchmarkEndToEnd, which already flush every event.
func BenchmarkEndToEndDefault(b *testing.B) {
	benchEndToEnd(b, []library{ours, rawTCP}, e2eDefaultRuns)
}

func benchEndToEnd(b *testing.B, libs []library, runs map[library]e2eRun) {
	wire := len(sampleWire())
	for _, lib := range libs {
		b.Run(lib.Key(), func(b *testing.B) {
			b.SetBytes(int64(wire))
			b.ReportAllocs()
			measure := func(read func() (int, error)) (int, time.Duration, error) {
				b.ResetTimer()
				n, err := read()
				b.StopTimer()
				return n, b.Elapsed(), err
			}
			got, elapsed, _, err := runs[lib](b.N, 0, measure)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(got)/elapsed.Seconds(), "events/s")
		})
	}
}

func BenchmarkFanout(b *testing.B) {
	opts := fanoutOptions{Subscribers: 1000, Rate: 1000, Duration: 2 * time.Second, Drain: 2 * time.Second}
	for _, lib := range libraries {
		b.Run(lib.Key(), func(b *testing.B) {
			r := runFanoutOne(lib, opts)
			if r.Err != nil {
				b.Skip(r.Err)
			}
			b.ReportMetric(r.DeliveredPerSec, "delivered/s")
			b.ReportMetric(float64(r.P50)/1e6, "p50-ms")
			b.ReportMetric(float64(r.P99)/1e6, "p99-ms")
			b.ReportMetric(r.HeapPerConn, "heap-B/conn")
		})
	}
}

func BenchmarkReplay(b *testing.B) {
	for _, lib := range libraries {
		b.Run(lib.Key(), func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				srv, err := fanoutStarters[lib](true)
				if err != nil {
					b.Skip(err)
				}
				elapsed, replayed, missed, err := replayOnce(srv, 10000)
				srv.stop()
				if err != nil {
					b.Fatal(err)
				}
				if replayed != missed {
					b.Logf("replayed %d events, %d were missed", replayed, missed)
				}
				total += elapsed
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/reconnect")
		})
	}
}
