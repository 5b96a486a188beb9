// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "testing"

// BenchmarkAppendEvent measures the encoder alone, without a Stream's lock and pool.
func BenchmarkAppendEvent(b *testing.B) {
	e := &Event{ID: "1700000000000-42", Event: "price", Data: []byte(`{"symbol":"HTZ","bid":101.25,"ask":101.27,"ts":1700000000}` + "\n" +
		`{"symbol":"SSE","bid":42.10,"ask":42.12,"ts":1700000000}` + "\n" + `{"symbol":"CWG","bid":7.01,"ask":7.03}`)}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = appendEvent(buf[:0], e)
	}
}
