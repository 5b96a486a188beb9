// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/hertz-contrib/sse"
)

// Decode returns every event that sse's Decoder reads from stream, and fails the
// test if it reports an error other than the end of the stream.
func Decode(t testing.TB, stream string) []*sse.Event {
	t.Helper()
	d := sse.NewDecoder(strings.NewReader(stream), 0)
	var events []*sse.Event
	for {
		e, err := d.Next()
		if errors.Is(err, io.EOF) {
			return events
		}
		if err != nil {
			t.Fatalf("decode %q after %d events: %v", stream, len(events), err)
		}
		events = append(events, e)
	}
}
