// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Next does not allocate once its buffers have grown to fit the events.
func TestNextDoesNotAllocate(t *testing.T) {
	tests := []struct {
		name  string
		event string
	}{
		{"single data line", "data: " + strings.Repeat("d", 100) + "\n\n"},
		{"all fields, LF", "id: 123\nevent: update\nretry: 10\ndata: first\ndata: second\ndata: third\n\n"},
		{"all fields, CRLF", "id: 123\r\nevent: update\r\n: note\r\ndata: first\r\ndata: second\r\n\r\n"},
		{"all fields, CR", "id: 123\revent: update\rdata: first\rdata: second\r\r"},
		{"blocks that dispatch nothing", "id: 1\n\nevent: x\n\ndata: a\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// An odd-sized pattern makes events straddle reads at varying offsets.
			pattern := []byte(tt.event + ":" + strings.Repeat("p", 37) + "\n")
			p := parser.New(&repeatReader{pattern: pattern}, 1<<10)
			for range 10000 {
				_, err := p.Next()
				assert.Nil(t, err)
			}
			allocs := testing.AllocsPerRun(10000, func() {
				if _, err := p.Next(); err != nil {
					t.Fatal(err)
				}
			})
			assert.DeepEqual(t, 0.0, allocs)
		})
	}
}

// Reset reuses the parser's buffers.
func TestResetDoesNotAllocate(t *testing.T) {
	stream := []byte("id: 1\nevent: e\ndata: a\ndata: b\n\n")
	rd := bytes.NewReader(stream)
	p := parser.New(rd, 0)
	allocs := testing.AllocsPerRun(1000, func() {
		rd.Reset(stream)
		p.Reset(rd)
		if _, err := p.Next(); err != nil {
			t.Fatal(err)
		}
	})
	assert.DeepEqual(t, 0.0, allocs)
}
