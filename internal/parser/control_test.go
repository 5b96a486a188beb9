// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/parser"
)

func TestReportControlBlocks(t *testing.T) {
	in := "id: 1\n\nretry: 50\n\nevent: only-type\n\n: comment\n\nid: 2\nretry: 7\n\ndata: x\n\n"
	type block struct {
		ID      string
		HasID   bool
		Retry   time.Duration
		Data    string
		Control bool
	}
	read := func(report bool) []block {
		p := parser.New(strings.NewReader(in), 0)
		if report {
			p.ReportControlBlocks()
		}
		var got []block
		for {
			f, err := p.Next()
			if err == io.EOF {
				return got
			}
			assert.Nil(t, err)
			got = append(got, block{string(f.ID), f.HasID, f.Retry, string(f.Data), f.Control})
		}
	}
	// Blocks with only an event type or a comment carry nothing a proxy must forward.
	assert.DeepEqual(t, []block{
		{ID: "1", HasID: true, Control: true},
		{Retry: 50 * time.Millisecond, Control: true},
		{ID: "2", HasID: true, Retry: 7 * time.Millisecond, Control: true},
		{Data: "x"},
	}, read(true))
	assert.DeepEqual(t, []block{{Data: "x"}}, read(false))
}
