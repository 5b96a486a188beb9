// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"testing"
	"testing/iotest"
	"time"

	"github.com/hertz-contrib/sse/internal/parser"
)

const (
	errKindEOF      = "EOF"
	errKindTooLarge = "too large"
)

// event is a dispatched event in comparable form. LastID is the parser's
// LastEventID right after the event was returned.
type event struct {
	ID       string
	HasID    bool
	Type     string
	Data     string
	Retry    time.Duration
	HasRetry bool
	LastID   string
}

// result is everything observable about parsing one stream.
type result struct {
	Events   []event
	Err      string
	LastID   string
	Retry    time.Duration
	HasRetry bool
}

// maxCalls bounds the calls to Next so that a parser bug cannot hang a test.
const maxCalls = 1 << 20

// run drains p and records what it reports.
func run(p *parser.Parser) result {
	var res result
	for range maxCalls {
		f, err := p.Next()
		if err != nil {
			res.Err = errKind(err)
			break
		}
		if f.HasID != (f.ID != nil) {
			res.Err = "HasID does not match ID"
			break
		}
		res.Events = append(res.Events, event{
			ID:       string(f.ID),
			HasID:    f.HasID,
			Type:     string(f.Type),
			Data:     string(f.Data),
			Retry:    f.Retry,
			HasRetry: f.HasRetry,
			LastID:   string(p.LastEventID()),
		})
	}
	res.LastID = string(p.LastEventID())
	res.Retry, res.HasRetry = p.Retry()
	return res
}

func parse(r io.Reader, maxSize int) result { return run(parser.New(r, maxSize)) }

func errKind(err error) string {
	switch {
	case err == io.EOF:
		return errKindEOF
	case errors.Is(err, parser.ErrTooLarge) && errors.Is(err, bufio.ErrTooLong):
		return errKindTooLarge
	}
	return err.Error()
}

// chunkReader returns its chunks one Read at a time.
type chunkReader struct{ chunks [][]byte }

func chunks(parts ...[]byte) *chunkReader { return &chunkReader{chunks: parts} }

func (r *chunkReader) Read(b []byte) (int, error) {
	for len(r.chunks) > 0 && len(r.chunks[0]) == 0 {
		r.chunks = r.chunks[1:]
	}
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(b, r.chunks[0])
	r.chunks[0] = r.chunks[0][n:]
	return n, nil
}

// readers returns the ways every test input is fed to the parser: whole,
// through the iotest readers, and split into two reads at every offset.
func readers(in []byte) map[string]io.Reader {
	rs := map[string]io.Reader{
		"whole":         bytes.NewReader(in),
		"OneByteReader": iotest.OneByteReader(bytes.NewReader(in)),
		"HalfReader":    iotest.HalfReader(bytes.NewReader(in)),
		"DataErrReader": iotest.DataErrReader(bytes.NewReader(in)),
	}
	for i := 0; i <= len(in); i++ {
		rs["split at "+strconv.Itoa(i)] = chunks(in[:i:i], in[i:])
	}
	return rs
}

// checkAllReaders parses in through every reader and checks the results
// against want.
func checkAllReaders(t *testing.T, in []byte, maxSize int, want result) {
	t.Helper()
	for name, r := range readers(in) {
		got := parse(r, maxSize)
		if !equal(want, got) {
			t.Fatalf("%s: got %+v, want %+v", name, got, want)
		}
	}
}

func equal(a, b result) bool {
	if len(a.Events) != len(b.Events) {
		return false
	}
	for i := range a.Events {
		if a.Events[i] != b.Events[i] {
			return false
		}
	}
	return a.Err == b.Err && a.LastID == b.LastID && a.Retry == b.Retry && a.HasRetry == b.HasRetry
}
