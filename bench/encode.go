// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import "testing"

// EncodeResult is one library's cost of encoding the sample event once.
type EncodeResult struct {
	Library     Library
	NsPerOp     float64 // nanoseconds per event
	BytesPerOp  int64   // bytes allocated per event
	AllocsPerOp int64   // allocations per event
	Note        string  // which API was measured

	// StreamNsPerOp is, on this package's row only, a whole Stream.Publish to
	// io.Discard (encoder, lock, write and flush), where NsPerOp is the encoder alone.
	StreamNsPerOp float64
}

// EncodeBenchmarks maps each library to its encode benchmark, for go test -bench and
// for [RunEncode].
var EncodeBenchmarks = map[Library]func(*testing.B){
	Ours:         encodeOurs,
	HertzBuiltin: encodeHertz,
	GoSSE:        encodeGoSSE,
	R3labs:       encodeR3labs,
	Raw:          encodeRaw,
}

var encodeNotes = map[Library]string{
	Ours:         "Event.AppendText into a reused buffer",
	HertzBuiltin: "Writer.Write to a discarding response writer",
	GoSSE:        "Message.WriteTo a bufio.Writer over io.Discard",
	R3labs:       "Server.Publish to one subscriber of ServeHTTP (no standalone encoder; includes 2 channel hops)",
	Raw:          "copy of the pre-encoded bytes",
}

// RunEncode measures every library's encoder with testing.Benchmark.
func RunEncode() []EncodeResult {
	results, _ := roundRobin(len(Libraries), 1, func(i int) (EncodeResult, error) {
		lib := Libraries[i]
		r := testing.Benchmark(EncodeBenchmarks[lib])
		return EncodeResult{
			Library:     lib,
			NsPerOp:     float64(r.T.Nanoseconds()) / float64(max(r.N, 1)),
			BytesPerOp:  r.AllocedBytesPerOp(),
			AllocsPerOp: r.AllocsPerOp(),
			Note:        encodeNotes[lib],
		}, nil
	}, nil)
	stream := testing.Benchmark(encodeOursStream)
	for i := range results {
		if results[i].Library == Ours {
			results[i].StreamNsPerOp = float64(stream.T.Nanoseconds()) / float64(max(stream.N, 1))
		}
	}
	return results
}
