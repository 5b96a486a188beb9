// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"fmt"
	"testing"

	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

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
