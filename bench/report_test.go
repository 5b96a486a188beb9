// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

func sampleTables() []table {
	encode := encodeTable([]encodeResult{
		{Library: ours, NsPerOp: 50},
		{Library: hertzBuiltin, NsPerOp: 100},
		{Library: goSSE, NsPerOp: 80},
		{Library: r3labs, NsPerOp: 1000},
		{Library: rawTCP, NsPerOp: 5},
	})
	e2e := e2eTable([]e2eResult{
		{Library: ours, EventsPerSec: 600},
		{Library: hertzBuiltin, EventsPerSec: 500},
		{Library: goSSE, EventsPerSec: 800},
		{Library: r3labs, Err: errors.New("boom")},
		{Library: rawTCP, EventsPerSec: 4000},
	}, e2eOptions{}, false)
	return []table{encode, e2e}
}

func TestTableRatios(t *testing.T) {
	tables := sampleTables()

	best, who, ok := tables[0].FastestPeer()
	assert.Assert(t, ok)
	assert.DeepEqual(t, goSSE, who) // lower ns/op is better; ours and raw are not peers
	assert.DeepEqual(t, 80.0, best)
	peer, okPeer, _, okRaw := tables[0].Speedups()
	assert.Assert(t, okPeer && !okRaw)
	assert.DeepEqual(t, 80.0/50, peer) // ours takes 50 ns where the best peer takes 80

	_, who, _ = tables[1].FastestPeer()
	assert.DeepEqual(t, goSSE, who) // r3labs failed and does not count
	peer, okPeer, raw, okRaw := tables[1].Speedups()
	assert.Assert(t, okPeer && okRaw)
	assert.DeepEqual(t, 600.0/800, peer)
	assert.DeepEqual(t, 600.0/4000, raw)
}

func TestTableMarkdown(t *testing.T) {
	md := sampleTables()[1].Markdown()
	for _, want := range []string{
		"| **hertz-contrib/sse** | 600 |",
		"| 0.75× | 0.15× |", // ours ÷ fastest peer, ours ÷ raw
		"| r3labs/sse | — |",
		"no result: boom",
		"÷ fastest peer (events/s, higher is better)",
	} {
		assert.Assert(t, strings.Contains(md, want), want, md)
	}
}

func TestChartIsWellFormedSVG(t *testing.T) {
	svg := chart(sampleTables(), machine{CPU: "a <b> & c", Cores: 2, GoVersion: "go"})
	d := xml.NewDecoder(strings.NewReader(svg))
	rects := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		assert.Nil(t, err)
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			rects++
		}
	}
	// The background and one bar per ratio: encode vs peer, e2e vs peer and vs raw.
	assert.DeepEqual(t, 4, rects)
}

func TestReportMarkdown(t *testing.T) {
	r := &report{Machine: describeMachine(), Started: time.Unix(0, 0), Took: time.Minute, Tables: sampleTables()}
	md := r.Markdown()
	assert.Assert(t, strings.Contains(md, "Machine: "+r.Machine.CPU))
	assert.Assert(t, strings.Contains(md, "![relative speed](chart.svg)"))
	assert.Assert(t, strings.Contains(md, "## 1. Encode one event"))
}

func TestGroupThousands(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "999": "999", "1000": "1,000", "-1234567.5": "-1,234,567.5"} {
		assert.DeepEqual(t, want, groupThousands(in))
	}
}
