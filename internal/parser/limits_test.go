// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"bufio"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/parser"
)

// repeatReader repeats pattern forever, or for limit bytes if limit > 0.
type repeatReader struct {
	pattern []byte
	off     int
	read    int
	limit   int
}

func (r *repeatReader) Read(b []byte) (int, error) {
	if r.limit > 0 && r.read >= r.limit {
		return 0, io.EOF
	}
	if r.limit > 0 && len(b) > r.limit-r.read {
		b = b[:r.limit-r.read]
	}
	n := 0
	for n < len(b) {
		c := copy(b[n:], r.pattern[r.off:])
		n += c
		r.off = (r.off + c) % len(r.pattern)
	}
	r.read += n
	return n, nil
}

// footprintBound is the most memory a parser may hold for a limit.
func footprintBound(maxSize int) int { return 8*maxSize + 1024 }

func checkTooLarge(t *testing.T, err error, maxSize int) {
	t.Helper()
	assert.Assert(t, errors.Is(err, parser.ErrTooLarge), err)
	assert.Assert(t, errors.Is(err, bufio.ErrTooLong), err)
	assert.Assert(t, strings.HasPrefix(err.Error(), "sse: "), err)
	assert.Assert(t, strings.Contains(err.Error(), strconv.Itoa(maxSize)), err)
}

func TestErrTooLarge(t *testing.T) {
	assert.Assert(t, errors.Is(parser.ErrTooLarge, bufio.ErrTooLong))
	assert.Assert(t, strings.HasPrefix(parser.ErrTooLarge.Error(), "sse: "))
}

func TestEndlessInput(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		maxSize int
	}{
		{"line without end", "a", 1 << 10},
		{"line without end, default limit", "a", 0},
		{"line without end, large limit", "a", 1 << 20},
		{"data lines without blank line", "data: x\n", 1 << 10},
		{"data lines without blank line, default limit", "data: xyz\r\n", 0},
		{"empty data lines", "data\r", 1 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := tt.maxSize
			if limit == 0 {
				limit = parser.DefaultMaxSize
			}
			r := &repeatReader{pattern: []byte(tt.pattern)}
			p := parser.New(r, tt.maxSize)
			_, err := p.Next()
			checkTooLarge(t, err, limit)
			assert.Assert(t, parser.Footprint(p) <= footprintBound(limit), parser.Footprint(p))
			assert.Assert(t, r.read <= 4*limit+(64<<10), r.read)
		})
	}
}

// Many lines that accumulate nothing do not grow memory.
func TestLongBlockBoundedMemory(t *testing.T) {
	for _, pattern := range []string{"event: some-type\n", ": comment\r\n", "id: 12345\r", "retry: 10\n"} {
		r := &repeatReader{pattern: []byte(pattern), limit: 8 << 20}
		p := parser.New(r, 1<<10)
		_, err := p.Next()
		assert.Assert(t, err == io.EOF, err)
		assert.Assert(t, parser.Footprint(p) <= footprintBound(1<<10), parser.Footprint(p))
	}
}

func TestDefaultMaxSize(t *testing.T) {
	for _, maxSize := range []int{0, -1, math.MinInt} {
		value := strings.Repeat("x", parser.DefaultMaxSize-len("data:"))
		p := parser.New(strings.NewReader("data:"+value+"\n\n"), maxSize)
		f, err := p.Next()
		assert.Nil(t, err)
		assert.DeepEqual(t, len(value), len(f.Data))

		p = parser.New(strings.NewReader("data:x"+value+"\n\n"), maxSize)
		_, err = p.Next()
		checkTooLarge(t, err, parser.DefaultMaxSize)
	}
}

// Lines up to maxSize are accepted when maxSize is larger than the first
// read buffer, and the buffer grows no further than needed.
func TestLineOfMaxSize(t *testing.T) {
	const maxSize = 1 << 20
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		value := strings.Repeat("y", maxSize-len("data:"))
		in := "data:" + value + eol + "data:" + value + eol + eol
		p := parser.New(strings.NewReader(in), maxSize)
		_, err := p.Next()
		checkTooLarge(t, err, maxSize) // the two lines exceed maxSize together

		in = "data:" + value + eol + eol + "data:" + value + eol + eol
		p = parser.New(strings.NewReader(in), maxSize)
		for range 2 {
			f, err := p.Next()
			assert.Nil(t, err)
			assert.DeepEqual(t, value, string(f.Data))
		}
		_, err = p.Next()
		assert.Assert(t, err == io.EOF, err)
		assert.Assert(t, parser.Footprint(p) <= footprintBound(maxSize), parser.Footprint(p))
	}
}

func TestHugeMaxSize(t *testing.T) {
	p := parser.New(strings.NewReader("data: a\n\n"), math.MaxInt)
	f, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "a", string(f.Data))
}

func TestTinyMaxSize(t *testing.T) {
	got := parse(strings.NewReader(bomStr+"\n\n\n:\nx\n\n"), 1)
	assert.DeepEqual(t, result{Err: errKindEOF}, got)
	got = parse(strings.NewReader("\n\nab\n"), 1)
	assert.DeepEqual(t, result{Err: errKindTooLarge}, got)
}
