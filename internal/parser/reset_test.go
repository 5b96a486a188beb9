// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"io"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/parser"
)

func TestReset(t *testing.T) {
	p := parser.New(strings.NewReader(bomStr+"retry: 5\nid: 1\ndata: a\n\ndata: unfinished\nevent: x\nid: 2\n"), 0)
	f, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "a", string(f.Data))
	_, err = p.Next()
	assert.Assert(t, err == io.EOF, err)

	// Reset clears the error, the unfinished block, the last event ID and
	// the retry value, and handles a BOM at the start of the new stream.
	p.Reset(strings.NewReader(bomStr + "data: b\n\n"))
	assert.DeepEqual(t, "", string(p.LastEventID()))
	_, ok := p.Retry()
	assert.False(t, ok)
	f, err = p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "b", string(f.Data))
	assert.DeepEqual(t, "", string(f.Type))
	assert.False(t, f.HasID)
	_, err = p.Next()
	assert.Assert(t, err == io.EOF, err)
}

func TestResetAfterError(t *testing.T) {
	p := parser.New(strings.NewReader("data: "+strings.Repeat("x", 100)), 16)
	_, err := p.Next()
	checkTooLarge(t, err, 16)

	// A CR at the end of the old stream does not swallow an LF of the new one.
	p.Reset(strings.NewReader("data: a\r"))
	_, err = p.Next()
	assert.Assert(t, err == io.EOF, err)
	p.Reset(strings.NewReader("\ndata: c\n\n"))
	f, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "c", string(f.Data))
}
