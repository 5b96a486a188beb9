// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"

	"github.com/hertz-contrib/sse"
)

// The sample event of the encode, parse and end-to-end workloads: an ID, an event
// name and three lines of JSON, about 200 bytes on the wire.
const (
	sampleID   = "1700000000000-42"
	sampleType = "price"
)

var sampleData = []byte(`{"symbol":"HTZ","bid":101.25,"ask":101.27,"ts":1700000000}` + "\n" +
	`{"symbol":"SSE","bid":42.10,"ask":42.12,"ts":1700000000}` + "\n" +
	`{"symbol":"CWG","bid":7.01,"ask":7.03}`)

// sampleEvent returns the sample event as this package's Event.
func sampleEvent() *sse.Event {
	return &sse.Event{ID: sampleID, Event: sampleType, Data: sampleData}
}

// sampleWire returns the sample event's wire encoding: the bytes every raw ceiling
// writes and every parser reads.
func sampleWire() []byte {
	var buf bytes.Buffer
	if err := sse.NewStreamWithWriter(&buf).Publish(sampleEvent()); err != nil {
		panic("bench: the sample event does not encode: " + err.Error())
	}
	return buf.Bytes()
}

// repeatWire returns whole copies of wire, as many as fit in size bytes, and how many.
func repeatWire(wire []byte, size int) ([]byte, int) {
	n := size / len(wire)
	return bytes.Repeat(wire, n), n
}
