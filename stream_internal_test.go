// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"io"
	"testing"
	"testing/iotest"
)

// TestBatchingIsBounded: with a client slower than the publisher, what waits in a
// batching Stream never grows past maxBatch and one event.
func TestBatchingIsBounded(t *testing.T) {
	r, w := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(io.Discard, iotest.OneByteReader(r))
	}()
	s := NewStreamWithWriter(w, WithBatching())
	e := &Event{Data: make([]byte, 1000)}
	for range 500 {
		if err := s.Publish(e); err != nil {
			t.Fatal(err)
		}
		s.mu.Lock()
		pending := len(s.batch.pending)
		s.mu.Unlock()
		if pending > maxBatch+1100 {
			t.Fatalf("%d bytes waiting", pending)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	<-done
}
