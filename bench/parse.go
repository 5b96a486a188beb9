// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/protocol"
)

// ParseSize is the size of the stream the parse workloads read: 16 MiB of the sample
// event.
const ParseSize = 16 << 20

// ParseResult is one library's speed at decoding the parse workload's stream.
type ParseResult struct {
	Library        Library
	MBps           float64 // megabytes (10^6) of stream decoded per second
	EventsPerSec   float64 // events dispatched per second
	AllocsPerEvent float64 // heap allocations of the whole process per event
	Passes         int     // timed passes over the stream
	Note           string  // which API was measured
	Err            error   // why there is no number
}

// ParseOptions bounds the parse workloads.
type ParseOptions struct {
	Size      int           // bytes of stream; ParseSize if zero
	MinPasses int           // at least this many timed passes (3 if zero)
	MinTime   time.Duration // and at least this long (1 s if zero)
}

func (o ParseOptions) withDefaults() ParseOptions {
	if o.Size == 0 {
		o.Size = ParseSize
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
func inMemoryReaders(stream []byte) (map[Library]func() (int, error), map[Library]string, error) {
	r3client := &http.Client{Transport: memTransport{body: stream}}
	passes := map[Library]func() (int, error){
		Ours: func() (int, error) { return decodeOurs(bytesReader(stream)) },
		HertzBuiltin: func() (int, error) {
			resp := hertzMemResponse(stream)
			defer protocol.ReleaseResponse(resp)
			return readHertzResponse(resp)
		},
		GoSSE:  func() (int, error) { return readGoSSE(bytesReader(stream)) },
		R3labs: func() (int, error) { return readR3labs(r3client, "http://memory.invalid/stream") },
		Raw:    func() (int, error) { return readRawBytes(stream) },
	}
	notes := map[Library]string{
		Ours:         "Decoder.Next over a bytes.Reader",
		HertzBuiltin: "Reader.ForEach over a response with an in-memory body stream",
		GoSSE:        "sse.Read over a bytes.Reader",
		R3labs:       "Client.SubscribeRaw over an in-memory http.RoundTripper (no public decoder)",
		Raw:          "bufio.Reader counting blank lines",
	}
	return passes, notes, nil
}

// RunParse decodes a stream of the sample event held in memory with every library.
func RunParse(opts ParseOptions) []ParseResult {
	opts = opts.withDefaults()
	stream, want := repeatWire(sampleWire(), opts.Size)
	passes, notes, err := inMemoryReaders(stream)
	if err != nil {
		return failAll(err)
	}
	return runPasses(passes, notes, want, len(stream), opts)
}

func runPasses(passes map[Library]func() (int, error), notes map[Library]string, want, size int, opts ParseOptions) []ParseResult {
	results, _ := roundRobin(len(Libraries), 1, func(i int) (ParseResult, error) {
		lib := Libraries[i]
		r := ParseResult{Library: lib, Note: notes[lib]}
		st, err := repeatPasses(passes[lib], want, int64(size), opts.MinPasses, 200, opts.MinTime)
		if r.Err = err; err == nil {
			r.MBps, r.EventsPerSec, r.AllocsPerEvent, r.Passes = st.MBps(), st.EventsPerSec(), st.AllocsPerEvent(), st.passes
		}
		return r, err
	}, nil)
	return results
}

func failAll(err error) []ParseResult {
	results := make([]ParseResult, 0, len(Libraries))
	for _, lib := range Libraries {
		results = append(results, ParseResult{Library: lib, Err: err})
	}
	return results
}
