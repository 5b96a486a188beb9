// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/protocol"
)

// parseSize is the size of the stream the parse workloads read: 16 MiB of the sample
// event.
const parseSize = 16 << 20

// parseResult is one library's speed at decoding the parse workload's stream.
type parseResult struct {
	Library        library
	MBps           float64 // megabytes (10^6) of stream decoded per second
	EventsPerSec   float64 // events dispatched per second
	AllocsPerEvent float64 // heap allocations of the whole process per event
	Passes         int     // timed passes over the stream
	Note           string  // which API was measured
	Err            error   // why there is no number
}

// parseOptions bounds the parse workloads.
type parseOptions struct {
	Size      int           // bytes of stream; parseSize if zero
	MinPasses int           // at least this many timed passes (3 if zero)
	MinTime   time.Duration // and at least this long (1 s if zero)
}

func (o parseOptions) withDefaults() parseOptions {
	if o.Size == 0 {
		o.Size = parseSize
	}
	if o.MinPasses == 0 {
		o.MinPasses = 3
	}
	if o.MinTime == 0 {
		o.MinTime = time.Second
	}
	return o
}

// inMemoryReaders returns, for each library, a pass that decodes stream from memory.
func inMemoryReaders(stream []byte) (map[library]func() (int, error), map[library]string) {
	r3client := &http.Client{Transport: memTransport{body: stream}}
	passes := map[library]func() (int, error){
		ours: func() (int, error) { return decodeOurs(bytes.NewReader(stream)) },
		hertzBuiltin: func() (int, error) {
			resp := hertzMemResponse(stream)
			defer protocol.ReleaseResponse(resp)
			return readHertzResponse(resp)
		},
		goSSE:  func() (int, error) { return readGoSSE(bytes.NewReader(stream)) },
		r3labs: func() (int, error) { return readR3labs(r3client, "http://memory.invalid/stream") },
		rawTCP: func() (int, error) { return readRawBytes(stream) },
	}
	notes := map[library]string{
		ours:         "Decoder.Next over a bytes.Reader",
		hertzBuiltin: "Reader.ForEach over a response with an in-memory body stream",
		goSSE:        "sse.Read over a bytes.Reader",
		r3labs:       "Client.SubscribeRaw over an in-memory http.RoundTripper (no public decoder)",
		rawTCP:       "bufio.Reader counting blank lines",
	}
	return passes, notes
}

// runParse decodes a stream of the sample event held in memory with every library.
func runParse(opts parseOptions) []parseResult {
	opts = opts.withDefaults()
	stream, want := repeatWire(sampleWire(), opts.Size)
	passes, notes := inMemoryReaders(stream)
	return runPasses(passes, notes, want, len(stream), opts)
}

func runPasses(passes map[library]func() (int, error), notes map[library]string, want, size int, opts parseOptions) []parseResult {
	results, _ := roundRobin(len(libraries), 1, func(i int) (parseResult, error) {
		lib := libraries[i]
		r := parseResult{Library: lib, Note: notes[lib]}
		st, err := repeatPasses(passes[lib], want, int64(size), opts.MinPasses, 200, opts.MinTime)
		if r.Err = err; err == nil {
			r.MBps, r.EventsPerSec, r.AllocsPerEvent, r.Passes = st.MBps(), st.EventsPerSec(), st.AllocsPerEvent(), st.passes
		}
		return r, err
	}, nil)
	return results
}

func failAll(err error) []parseResult {
	results := make([]parseResult, 0, len(libraries))
	for _, lib := range libraries {
		results = append(results, parseResult{Library: lib, Err: err})
	}
	return results
}
