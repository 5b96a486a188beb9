// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
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

func TestOnCommentReportsCommentsInStreamOrder(t *testing.T) {
	in := ":\n: one\n:two\ndata: a\n:  three\n\n:four\r\ndata: b\r\n\r\n"
	for name, r := range map[string]func() io.Reader{
		"whole":    func() io.Reader { return strings.NewReader(in) },
		"one byte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(in)) },
	} {
		t.Run(name, func(t *testing.T) {
			var seen []string
			p := parser.New(r(), 0)
			p.OnComment(func(text []byte) { seen = append(seen, "comment "+string(text)) })
			for {
				f, err := p.Next()
				if err == io.EOF {
					break
				}
				assert.Nil(t, err)
				seen = append(seen, "event "+string(f.Data))
			}
			assert.DeepEqual(t, []string{
				"comment ", "comment one", "comment two", "comment  three", "event a", "comment four", "event b",
			}, seen)
		})
	}
}

func TestSetLastEventIDCarriesOver(t *testing.T) {
	p := parser.New(strings.NewReader("data: a\n\nid: 2\ndata: b\n\n"), 0)
	p.SetLastEventID("1")
	assert.DeepEqual(t, "1", string(p.LastEventID()))
	_, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "1", string(p.LastEventID()))
	_, err = p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "2", string(p.LastEventID()))
}
