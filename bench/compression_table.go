// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"strings"
)

// compressionTable turns compression results, run with opts, into a table whose rows
// are payloads and modes of this package, with each gzip row's wire bytes and CPU
// time divided by those of the plain row of the same payload and batching.
func compressionTable(results []compressionResult, opts compressionOptions) table {
	opts = opts.withDefaults()
	t := table{
		Title:    "6. Compression: bytes on the wire and CPU per event, plain and with WithCompression",
		Short:    "compression",
		Peerless: true,
		Primary:  1,
		Columns: []column{
			{Name: "event B", Decimals: 0},
			{Name: "wire B/event", Decimals: 1},
			{Name: "wire ÷ plain", Decimals: 2},
			{Name: "server ns/event", Decimals: 0},
			{Name: "client ns/event", Decimals: 0},
			{Name: "loopback CPU ns/event", Decimals: 0},
			{Name: "CPU ÷ plain", Decimals: 2},
			{Name: "loopback events/s", HigherIsBetter: true},
			{Name: "allocs/event", Decimals: 2},
		},
	}
	plainOf := func(r compressionResult) (compressionResult, bool) {
		for _, p := range results {
			if p.Payload == r.Payload && p.Mode == (compressionMode{Batching: r.Mode.Batching}) && p.Err == nil {
				return p, true
			}
		}
		return compressionResult{}, false
	}
	for _, r := range results {
		wireRatio, cpuRatio := na, na
		if p, ok := plainOf(r); ok && r.Err == nil {
			wireRatio, cpuRatio = r.WireBytes/p.WireBytes, r.LoopbackNs/p.LoopbackNs
		}
		t.Rows = append(t.Rows, row{
			Library: library(fmt.Sprintf("%s, %s", r.Payload, r.Mode)), How: compressionHow(r.Mode), Err: r.Err,
			Values: []float64{r.EventBytes, r.WireBytes, wireRatio, r.ServerNs, r.ClientNs, r.LoopbackNs, cpuRatio,
				r.EventsPerSec, r.AllocsPerEvent},
		})
	}
	t.Notes = []string{
		fmt.Sprintf("Each payload is a pool of distinct events published in turn (%d tokens drawn from a vocabulary, "+
			"the same tokens in an OpenAI-style chunk envelope, %d order books of random prices), larger than "+
			"compress/flate's 32 KiB window, so that no event is compressed as a copy of itself. \"event B\" is an event as Publish encodes it; \"wire B/event\" is "+
			"what the client read off its socket per event over loopback: events, compressed or not, HTTP chunk "+
			"framing and the response header. \"server ns/event\" is the CPU time of Stream.Publish to an "+
			"in-memory writer, compression included; \"client ns/event\" that of decoding the recorded stream "+
			"from memory (gzip.Reader when compressed, then the Decoder the Client uses); \"loopback CPU\" that "+
			"of the whole process, a Hertz handler publishing as fast as a client reads, %d tokens or %d "+
			"documents a run, the median of %d runs round-robin. CPU times are user plus system time of the "+
			"process. Without batching every event is one write and one flush, as for events that come one at "+
			"a time (tokens as a model produces them); batched rows publish faster than the client reads, so "+
			"many events share a write, and a sync flush.",
			tokenPool, documentPool, opts.Tokens, opts.Documents, opts.Runs),
	}
	if s := compressionSummary(results, plainOf); s != "" {
		t.Notes = append(t.Notes, s)
	}
	return t
}

// compressionSummary says in one paragraph what compression saves and costs per event
// in this run, one event at a time.
func compressionSummary(results []compressionResult, plainOf func(compressionResult) (compressionResult, bool)) string {
	var parts []string
	for _, r := range results {
		p, ok := plainOf(r)
		if !r.Mode.Gzip || r.Mode.Batching || r.Err != nil || !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %.1f B instead of %.1f B on the wire (%.0f %% saved), for %.0f ns more "+
			"server CPU (Publish %.0f → %.0f ns)", r.Payload, r.WireBytes, p.WireBytes, 100*(1-r.WireBytes/p.WireBytes),
			r.ServerNs-p.ServerNs, p.ServerNs, r.ServerNs))
	}
	if len(parts) == 0 {
		return ""
	}
	return "One event at a time, per client: " + strings.Join(parts, "; ") + "."
}

// compressionHow names the APIs a row measured.
func compressionHow(m compressionMode) string {
	args := []string{"c"}
	if m.Batching {
		args = append(args, "WithBatching()")
	}
	client := "Decoder over a raw HTTP/1.1 client"
	if m.Gzip {
		args = append(args, "WithCompression()")
		client = "gzip.Reader and Decoder over a raw HTTP/1.1 client sending Accept-Encoding: gzip"
	}
	return "NewStream(" + strings.Join(args, ", ") + ") → " + client
}
