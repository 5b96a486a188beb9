// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"testing"
)

// benchStream is about 16 MiB of ~200-byte events with id, event and 3 data lines.
func benchStream() (stream []byte, events int) {
	var buf []byte
	e := &Event{Event: "price", Data: []byte(`{"symbol":"HTZ","bid":101.25,"ask":101.27,"ts":1700000000}` + "\n" +
		`{"symbol":"SSE","bid":42.10,"ask":42.12,"ts":1700000000}` + "\n" + `{"symbol":"CWG","bid":7.01,"ask":7.03}`)}
	for len(buf) < 16<<20 {
		e.ID = "1700000000000-" + strconv.Itoa(events)
		buf, _ = appendEvent(buf, e)
		events++
	}
	return buf, events
}

// BenchmarkClientParse measures what a Client spends per event once bytes have
// arrived: parsing plus turning fields into Events the handler may keep.
func BenchmarkClientParse(b *testing.B) {
	stream, events := benchStream()
	sub := &subscription{c: &Client{}, clientConfig: clientConfig{maxBufferSize: DefaultMaxBufferSize}}
	n := 0
	sub.handler = func(*Event) { n++ }
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		if err := sub.read(context.Background(), bytes.NewReader(stream)); err != io.EOF {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(testing.AllocsPerRun(1, func() { _ = sub.read(context.Background(), bytes.NewReader(stream)) })/float64(events), "allocs/event")
}

// TestClientParseAllocations pins the client's cost per event: events are carved from
// shared blocks, so a 16 MiB stream costs a small fraction of an allocation per event.
func TestClientParseAllocations(t *testing.T) {
	stream, events := benchStream()
	sub := &subscription{c: &Client{}, clientConfig: clientConfig{maxBufferSize: DefaultMaxBufferSize}}
	sub.handler = func(*Event) {}
	allocs := testing.AllocsPerRun(3, func() { _ = sub.read(context.Background(), bytes.NewReader(stream)) })
	if perEvent := allocs / float64(events); perEvent > 0.05 {
		t.Fatalf("%.3f allocations per event, want at most 0.05", perEvent)
	}
}
