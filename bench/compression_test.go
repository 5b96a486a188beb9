// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

// TestCompressionWorkload checks the harness, shrunk: every row has numbers, every
// event arrived intact (the run checks each one), and gzip shrinks both payloads.
func TestCompressionWorkload(t *testing.T) {
	results := runCompression(compressionOptions{Tokens: 2000, Documents: 100, MinTime: time.Millisecond, Runs: 1})
	assert.DeepEqual(t, len(compressionPayloads)*len(compressionModes), len(results))
	wire := map[compressionPayload]map[compressionMode]float64{}
	for _, r := range results {
		assert.Nil(t, r.Err)
		assert.Assert(t, r.EventBytes > 0 && r.WireBytes > 0 && r.ServerNs > 0 && r.ClientNs > 0 && r.LoopbackNs > 0, r)
		assert.Assert(t, r.EventsPerSec > 0, r)
		if wire[r.Payload] == nil {
			wire[r.Payload] = map[compressionMode]float64{}
		}
		wire[r.Payload][r.Mode] = r.WireBytes
	}
	for p, w := range wire {
		assert.Assert(t, w[compressionMode{Gzip: true}] < w[compressionMode{}], p, w)
		assert.Assert(t, w[compressionMode{Gzip: true, Batching: true}] < w[compressionMode{Batching: true}], p, w)
	}
	assert.Assert(t, wire[documentPayload][compressionMode{Gzip: true}] < wire[documentPayload][compressionMode{}]/2, wire)
	doc := documentPayload.events()
	assert.Assert(t, len(doc[0].Data) > 5000 && len(doc[0].Data) < 5300, len(doc[0].Data))

	table := compressionTable(results, compressionOptions{})
	md := table.Markdown()
	assert.Assert(t, strings.Contains(md, "| LLM token (~20 B JSON), gzip |"), md)
	assert.Assert(t, !strings.Contains(md, "fastest peer"), md)
	assert.Assert(t, strings.Contains(md, "One event at a time, per client: "), md)
}

// BenchmarkCompression is the in-memory half of the compression workload: one
// Stream.Publish per op, for each payload and mode without batching.
func BenchmarkCompression(b *testing.B) {
	for _, p := range compressionPayloads {
		events := p.events()
		for _, m := range compressionModes[:2] {
			b.Run(strings.Fields(string(p))[0]+"-"+m.String(), func(b *testing.B) {
				var w discardCounter
				s := newStreamForBench(&w, m)
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					if err := s.Publish(events[i%len(events)]); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(w.n)/float64(b.N), "wire-B/op")
			})
		}
	}
}
