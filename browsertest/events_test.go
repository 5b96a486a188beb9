// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// The tests in this file check which listeners Chromium's EventSource hands each
// event to, and the lastEventId it gives them.

// TestEventNamesAndLastEventID checks that a named event reaches only the listeners
// of its exact name, never onmessage, and that lastEventId is the last ID sent, kept
// across events that carry none.
func TestEventNamesAndLastEventID(t *testing.T) {
	type want struct{ listener, data, lastEventID string }
	steps := []struct {
		event *sse.Event
		want  *want // nil: no listener may see it
	}{
		{&sse.Event{Data: []byte("m1")}, &want{"onmessage", "m1", ""}},
		{&sse.Event{ID: "1", Data: []byte("m2")}, &want{"onmessage", "m2", "1"}},
		{&sse.Event{Event: "alpha", Data: []byte("a1")}, &want{"alpha", "a1", "1"}},
		{&sse.Event{Data: []byte("m3")}, &want{"onmessage", "m3", "1"}},
		{&sse.Event{ID: "2 with spaces  ", Event: "beta", Data: []byte("b1")}, &want{"beta", "b1", "2 with spaces  "}},
		{&sse.Event{ID: " leading space", Data: []byte("m4")}, &want{"onmessage", "m4", " leading space"}},
		{&sse.Event{ID: "ü-🙂", Event: "alpha", Data: []byte("a2")}, &want{"alpha", "a2", "ü-🙂"}},
		{&sse.Event{Event: "message", Data: []byte("m5")}, &want{"onmessage", "m5", "ü-🙂"}},
		{&sse.Event{Event: "unheard", Data: []byte("u1")}, nil},
		{&sse.Event{Event: "Alpha", Data: []byte("case")}, nil},
		{&sse.Event{Event: "alpha ", Data: []byte("space")}, nil}, // names keep trailing spaces
		{&sse.Event{ID: "3", Event: "unheard", Data: []byte("u2")}, nil},
		{&sse.Event{Data: []byte("m6")}, &want{"onmessage", "m6", "3"}},
		{&sse.Event{Event: "beta"}, &want{"beta", "", "3"}},
	}
	var events []*sse.Event
	var wants []received
	for _, s := range steps {
		events = append(events, s.event)
		if s.want != nil {
			typ := s.want.listener
			if typ == "onmessage" {
				typ = "message"
			}
			wants = append(wants, received{s.want.listener, typ, s.want.data, s.want.lastEventID, ""})
		}
	}
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, fmt.Sprintf(collectScript, `["alpha", "beta"]`))
		h.GET("/sse", publishAll(t, events))
	})
	b := Launch(t, base+PagePath)
	var got []received
	reports.Wait(t, b, &got)
	for i := range wants {
		wants[i].Origin = base
	}
	assert.DeepEqual(t, wants, got)
}

// lastEventIDScript opens /stream?case=N for each case in turn, records
// e.lastEventId for every message up to the one whose data is "END", and reports
// them all.
const lastEventIDScript = `
const cases = Number(new URLSearchParams(location.search).get("cases"));
const all = [];
const run = (n) => {
	if (n === cases) { report(all); return; }
	const ids = [];
	const es = new EventSource("/stream?case=" + n);
	es.onmessage = (e) => {
		if (e.data === "END") { es.close(); all.push(ids); run(n + 1); return; }
		ids.push(e.lastEventId);
	};
};
run(0);
`

// TestEventIDMatchesTheBrowsersLastEventID feeds the same bytes to Chromium's
// EventSource and to the package's decoder: every event's ID must be the browser's
// MessageEvent.lastEventId.
func TestEventIDMatchesTheBrowsersLastEventID(t *testing.T) {
	streams := []string{
		"id: 1\ndata: a\n\ndata: b\n\ndata: c\n\n",
		"data: a\n\nid: 2\n\ndata: b\n\n",
		"id: 1\ndata: a\n\nid: x\x00y\ndata: b\n\n",
		"id: 1\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\ndata: d\n\n",
		"id: 1\nid: 2\ndata: a\n\n",
		"id: 7\nretry: 10\n\ndata: a\n\nid:  spaced \ndata: b\n\n",
	}
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, lastEventIDScript)
		h.GET("/stream", func(ctx context.Context, c *app.RequestContext) {
			n, _ := strconv.Atoi(c.Query("case"))
			c.Data(200, sse.ContentType, []byte(streams[n]+"data: END\n\n"))
		})
	})
	b := Launch(t, base+PagePath+"?cases="+strconv.Itoa(len(streams)))
	var browser [][]string
	reports.Wait(t, b, &browser)
	assert.DeepEqual(t, len(streams), len(browser))
	for i, stream := range streams {
		ours := []string{}
		for _, e := range testkit.Decode(t, stream) {
			ours = append(ours, e.ID)
		}
		assert.DeepEqual(t, browser[i], ours)
	}
}
