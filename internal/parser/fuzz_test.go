// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"bytes"
	"testing"
	"testing/iotest"

	"github.com/hertz-contrib/sse/internal/parser"
)

// FuzzParse checks that the parser never panics, agrees with the reference
// implementation, gives the same result however the input is split into
// reads, and keeps its memory bounded.
func FuzzParse(f *testing.F) {
	for _, c := range specCases {
		f.Add([]byte(c.in), uint(len(c.in)/2))
	}
	f.Add([]byte("data: a\r"), uint(8))
	f.Add([]byte(bomStr+"id: 1\r\n\r\nretry: 12\rdata\n\n"), uint(2))
	f.Fuzz(func(t *testing.T, in []byte, split uint) {
		at := int(split % uint(len(in)+1))
		for _, maxSize := range []int{0, 24} {
			limit := maxSize
			if limit == 0 {
				limit = parser.DefaultMaxSize
			}
			want := reference(in, limit)
			inputs := map[string]func() *parser.Parser{
				"whole":         func() *parser.Parser { return parser.New(bytes.NewReader(in), maxSize) },
				"split":         func() *parser.Parser { return parser.New(chunks(in[:at:at], in[at:]), maxSize) },
				"OneByteReader": func() *parser.Parser { return parser.New(iotest.OneByteReader(bytes.NewReader(in)), maxSize) },
			}
			for name, newParser := range inputs {
				p := newParser()
				got := run(p)
				if !equal(want, got) {
					t.Fatalf("maxSize %d, %s: got %+v, want %+v", maxSize, name, got, want)
				}
				if fp := parser.Footprint(p); fp > footprintBound(limit) {
					t.Fatalf("maxSize %d, %s: footprint %d exceeds %d", maxSize, name, fp, footprintBound(limit))
				}
			}
		}
	})
}
