// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/parser"
)

var errBoom = errors.New("boom")

// scriptReader returns one scripted result per Read.
type scriptReader struct {
	steps []step
	reads int
}

type step struct {
	data string
	n    int // if non-zero, the count to report instead of len(data)
	err  error
}

func (r *scriptReader) Read(b []byte) (int, error) {
	r.reads++
	if len(r.steps) == 0 {
		return 0, io.EOF
	}
	s := r.steps[0]
	r.steps = r.steps[1:]
	n := copy(b, s.data)
	if s.n != 0 {
		n = s.n
	}
	return n, s.err
}

func TestReaderError(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []string
	}{
		{
			name:  "error after data",
			steps: []step{{data: "data: a\n\ndata: b\n\ndata: c"}, {err: errBoom}},
			want:  []string{"a", "b"},
		},
		{
			name:  "error with data in the same read",
			steps: []step{{data: "data: a\n\ndata: b\n\n", err: errBoom}},
			want:  []string{"a", "b"},
		},
		{
			name:  "error with an unfinished event",
			steps: []step{{data: "data: a\n\ndata: b\n"}, {data: "data: c\n", err: errBoom}},
			want:  []string{"a"},
		},
		{
			name:  "error at the start",
			steps: []step{{err: errBoom}},
		},
		{
			name:  "error inside a partial BOM",
			steps: []step{{data: "\xEF\xBB", err: errBoom}},
		},
		{
			name:  "error after a CR split from its LF",
			steps: []step{{data: "data: a\r"}, {data: "\r", err: errBoom}},
			want:  []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parser.New(&scriptReader{steps: tt.steps}, 0)
			var got []string
			var err error
			for {
				var f parser.Fields
				if f, err = p.Next(); err != nil {
					break
				}
				got = append(got, string(f.Data))
			}
			assert.DeepEqual(t, tt.want, got)
			assert.Assert(t, err == errBoom, err)
			// The error is sticky.
			_, err = p.Next()
			assert.Assert(t, err == errBoom, err)
		})
	}
}

func TestTimeoutReader(t *testing.T) {
	// iotest.TimeoutReader fails its second Read with iotest.ErrTimeout.
	p := parser.New(iotest.TimeoutReader(strings.NewReader("data: a\n\ndata: b\n")), 0)
	f, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "a", string(f.Data))
	_, err = p.Next()
	assert.Assert(t, err == iotest.ErrTimeout, err)
}

func TestEOFIsSticky(t *testing.T) {
	p := parser.New(strings.NewReader("data: a\n\n"), 0)
	_, err := p.Next()
	assert.Nil(t, err)
	for range 3 {
		_, err = p.Next()
		assert.Assert(t, err == io.EOF, err)
	}
}

func TestNoProgress(t *testing.T) {
	p := parser.New(&scriptReader{steps: make([]step, 1000)}, 0)
	_, err := p.Next()
	assert.Assert(t, err == io.ErrNoProgress, err)
}

func TestInvalidReadCount(t *testing.T) {
	for _, n := range []int{-1, 1 << 30} {
		p := parser.New(&scriptReader{steps: []step{{data: "data: a\n\n", n: n}}}, 0)
		assert.NotPanic(t, func() {
			_, err := p.Next()
			assert.NotNil(t, err)
			assert.Assert(t, strings.HasPrefix(err.Error(), "sse: "), err)
		})
	}
}

// A line ended by a lone CR is complete at once: the event is delivered
// without waiting for the byte that says whether an LF follows.
func TestCRDispatchesWithoutWaiting(t *testing.T) {
	r := &scriptReader{steps: []step{{data: "data: a\r\r"}, {data: "\ndata: b\r\n\r\n"}}}
	p := parser.New(r, 0)
	f, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "a", string(f.Data))
	assert.DeepEqual(t, 1, r.reads)
	// The LF that follows belongs to the CR and is not an empty line.
	f, err = p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "b", string(f.Data))
	_, err = p.Next()
	assert.Assert(t, err == io.EOF, err)
}

// "CRLF" split between reads is one line end, wherever the split falls.
func TestCRLFSplitAcrossReads(t *testing.T) {
	in := chunks([]byte("data: a\r"), []byte("\n\r"), []byte("\ndata: b\r"), []byte("\n"), []byte("\r"), []byte("\n"))
	got := parse(in, 0)
	assert.DeepEqual(t, []event{data("a"), data("b")}, got.Events)
	assert.DeepEqual(t, errKindEOF, got.Err)
}
