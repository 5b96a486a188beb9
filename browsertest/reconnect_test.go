// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// resumeScript records every message, every open and the readyState at every error,
// and reports them on the event "end".
const resumeScript = `
const messages = [], errors = [];
let opens = 0;
const es = new EventSource("/sse");
es.onopen = () => opens++;
es.onerror = () => errors.push(es.readyState);
es.onmessage = (e) => messages.push({
	listener: "onmessage", type: e.type, data: e.data, lastEventId: e.lastEventId, origin: e.origin,
});
es.addEventListener("end", () => {
	es.close();
	report({opens: opens, errors: errors, messages: messages});
});
`

// resumeReport is what resumeScript reports.
type resumeReport struct {
	Opens    int        `json:"opens"`
	Errors   []int      `json:"errors"`
	Messages []received `json:"messages"`
}

// replayingHandler serves a history of total events with IDs "1", "2", …: each
// connection gets the events after its Last-Event-ID. The first connection sets the
// reconnection time to retry and ends after the event with ID cut; later ones send
// the rest and then endEvent.
func replayingHandler(t *testing.T, total, cut int, retry time.Duration) app.HandlerFunc {
	var conns atomic.Int32
	return func(_ context.Context, c *app.RequestContext) {
		first := conns.Add(1) == 1
		after := 0
		if id := sse.GetLastEventID(c); id != "" {
			var err error
			if after, err = strconv.Atoi(id); err != nil {
				t.Errorf("Last-Event-ID %q: %v", id, err)
				return
			}
		}
		s := sse.NewStream(c)
		last := total
		if first {
			if err := s.SetRetry(retry); err != nil {
				t.Error(err)
				return
			}
			last = cut
		}
		for i := after + 1; i <= last; i++ {
			if err := s.Publish(historyEvent(i)); err != nil {
				t.Errorf("publish %d: %v", i, err)
				return
			}
		}
		if last == total {
			if err := s.Publish(endEvent); err != nil {
				t.Error(err)
			}
		}
	}
}

func historyEvent(i int) *sse.Event {
	return &sse.Event{ID: strconv.Itoa(i), Data: []byte(fmt.Sprintf("event %d", i))}
}

// TestReconnectResumesAfterLastEventID ends the stream after a retry the server set:
// the browser must wait at least that long, reconnect with Last-Event-ID, and get the
// rest of the history with no gap and no duplicate.
func TestReconnectResumesAfterLastEventID(t *testing.T) {
	// Longer than Chromium's own default reconnection time (3 s), so that the lower
	// bound below shows that the browser applied the retry the server sent.
	const retry = 3500 * time.Millisecond
	const total, cut = 6, 3
	log := &requestLog{}
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, resumeScript)
		h.GET("/sse", log.middleware, replayingHandler(t, total, cut, retry))
	})
	b := Launch(t, base+PagePath)
	var got resumeReport
	reports.Wait(t, b, &got)

	reqs := log.requests()
	assert.DeepEqual(t, 2, len(reqs))
	assert.Assert(t, !reqs[0].hasLastEventID, reqs[0].lastEventID)
	assert.Assert(t, reqs[1].hasLastEventID)
	assert.DeepEqual(t, strconv.Itoa(cut), reqs[1].lastEventID)

	// Only a lower bound: the first handler returned before its response ended.
	delay := reqs[1].arrived.Sub(reqs[0].returned)
	t.Logf("reconnected %v after the stream ended (retry %v)", delay, retry)
	assert.Assertf(t, delay >= retry, "reconnected after %v, before the retry of %v", delay, retry)

	var want []received
	for i := 1; i <= total; i++ {
		e := historyEvent(i)
		want = append(want, received{"onmessage", "message", string(e.Data), e.ID, base})
	}
	assert.DeepEqual(t, want, got.Messages)
	assert.DeepEqual(t, 2, got.Opens)
	assert.DeepEqual(t, []int{0}, got.Errors) // CONNECTING while it waits to reconnect
}
