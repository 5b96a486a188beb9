// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import "testing"

// encodeResult is one library's cost of encoding the sample event once.
type encodeResult struct {
	Library     library
	NsPerOp     float64 // nanoseconds per event
	BytesPerOp  int64   // bytes allocated per event
	AllocsPerOp int64   // allocations per event
	Note        string  // which API was measured

	// StreamNsPerOp is, on this package's row only, a whole Stream.Publish to
	// io.Discard (encoder, lock, write and flush), where NsPerOp is the encoder alone.
	StreamNsPerOp float64
}

// encodeBenchmarks maps each library to its encode benchmark, for go test -bench and
// for runEncode.
var encodeBenchmarks = map[library]func(*testing.B){
	ours:         encodeOurs,
	hertzBuiltin: encodeHertz,
	goSSE:        encodeGoSSE,
	r3labs:       encodeR3labs,
	rawTCP:       encodeRaw,
}

var encodeNotes = map[library]string{
	ours:         "Event.AppendText into a reused buffer",
	hertzBuiltin: "Writer.Write to a discarding response writer",
	goSSE:        "Message.WriteTo a bufio.Writer over io.Discard",
	r3labs:       "Server.Publish to one subscriber of ServeHTTP (no standalone encoder; includes 2 channel hops)",
	rawTCP:       "copy of the pre-encoded bytes",
}

// runEncode measures every library's encoder with testing.Benchmark.
func runEncode() []encodeResult {
	results, _ := roundRobin(len(libraries), 1, func(i int) (encodeResult, error) {
		lib := libraries[i]
		r := testing.Benchmark(encodeBenchmarks[lib])
		return encodeResult{
			Library:     lib,
			NsPerOp:     float64(r.T.Nanoseconds()) / float64(max(r.N, 1)),
			BytesPerOp:  r.AllocedBytesPerOp(),
			AllocsPerOp: r.AllocsPerOp(),
			Note:        encodeNotes[lib],
		}, nil
	}, nil)
	stream := testing.Benchmark(encodeOursStream)
	for i := range results {
		if results[i].Library == ours {
			results[i].StreamNsPerOp = float64(stream.T.Nanoseconds()) / float64(max(stream.N, 1))
		}
	}
	return results
}
