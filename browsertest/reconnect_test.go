// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"github.com/hertz-contrib/sse"
)

// The tests in this file check how Chromium's EventSource reconnects: when, with
// which Last-Event-ID, and what it receives then, from a handler that replays its
// history, from a Hub, and from a server that answers 204.

// resumeScript records every message, every open and the readyState at every error,
// and reports them all when the stream first opens, after each count of messages in
// the JavaScript array it is formatted with, and on the event "end". It closes the
// stream after the last of those counts, and on "end".
const resumeScript = `
const reportAfter = %s;
const messages = [], errors = [];
let opens = 0;
const es = new EventSource("/sse");
const snapshot = () => report({opens: opens, errors: errors, messages: messages});
es.onopen = () => {
	if (++opens === 1) snapshot();
};
es.onerror = () => errors.push(es.readyState);
es.onmessage = (e) => {
	messages.push({listener: "onmessage", type: e.type, data: e.data, lastEventId: e.lastEventId, origin: e.origin});
	if (messages.length === reportAfter[reportAfter.length - 1]) es.close();
	if (reportAfter.includes(messages.length)) snapshot();
};
es.addEventListener("end", () => {
	es.close();
	snapshot();
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
		reports = HandlePage(h, fmt.Sprintf(resumeScript, "[]"))
		h.GET("/sse", log.middleware, replayingHandler(t, total, cut, retry))
	})
	b := Launch(t, base+PagePath)
	var got resumeReport
	reports.Wait(t, b, &got) // open
	assert.DeepEqual(t, 1, got.Opens)
	reports.Wait(t, b, &got) // end

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

// TestHubReplaysWhatTheBrowserMissed runs the Hub against EventSource: the browser
// receives events 1 to 3 live, the server ends its stream, 4 to 6 are broadcast while
// the browser is away, and the browser, reconnecting with the ID of event 3 as
// Last-Event-ID, receives 4 to 6 from the history exactly once, then 7 live.
//
// The Hub writes a retry of its own only when it sends clients away (on Shutdown, say),
// and Serve creates the Stream, so the handler cannot call [sse.Stream.SetRetry]: the reconnection time travels in
// event 1's Retry field instead, through the Hub like any other field. It is longer
// than Chromium's default (3 s) so that the lower bound on the delay shows that the
// browser applied it.
func TestHubReplaysWhatTheBrowserMissed(t *testing.T) {
	const retry = 3500 * time.Millisecond
	ctx := context.Background()
	history := sse.NewMemoryReplayer(100, 0)
	hub := sse.NewHub(sse.WithReplayer(history))

	// The first request's stream ends when the test cancels endFirst; Serve then
	// returns nil and the handler returns, which ends the response cleanly.
	endFirst, cancelFirst := context.WithCancel(ctx)
	defer cancelFirst()
	firstServed := make(chan error, 1)
	var conns atomic.Int32
	serve := func(ctx context.Context, c *app.RequestContext) {
		if conns.Add(1) > 1 {
			// Ends when the hub shuts down; an error then only says that the
			// browser had gone first.
			_ = hub.Serve(ctx, c, "t")
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(endFirst, cancel)()
		firstServed <- hub.Serve(ctx, c, "t")
	}

	log := &requestLog{}
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, fmt.Sprintf(resumeScript, "[3, 6, 7]"))
		h.GET("/sse", log.middleware, serve)
	})
	t.Cleanup(func() { // before the server shuts down, after the browser has stopped
		ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
		defer cancel()
		assert.Nil(t, hub.Shutdown(ctx))
	})

	ids := make([]string, 8) // ids[i] is the ID the history gave event i
	broadcast := func(from, to int) {
		t.Helper()
		for i := from; i <= to; i++ {
			e := &sse.Event{Data: []byte(fmt.Sprintf("event %d", i))}
			if i == 1 {
				e.Retry = retry
			}
			assert.Nil(t, hub.BroadcastTo(ctx, "t", e))
			id, err := history.LastID(ctx)
			assert.Nil(t, err)
			ids[i] = id
		}
	}
	want := func(n int) []received {
		var w []received
		for i := 1; i <= n; i++ {
			w = append(w, received{"onmessage", "message", fmt.Sprintf("event %d", i), ids[i], base})
		}
		return w
	}

	b := Launch(t, base+PagePath)
	var got resumeReport
	reports.Wait(t, b, &got) // open: the hub has registered the browser
	assert.DeepEqual(t, 1, got.Opens)
	assert.DeepEqual(t, 0, len(got.Messages))

	broadcast(1, 3)
	reports.Wait(t, b, &got)
	// Nothing before event 1: the block that Serve sends first, with only an id,
	// must not be dispatched.
	assert.DeepEqual(t, want(3), got.Messages)

	cancelFirst()
	select {
	case err := <-firstServed:
		assert.Nil(t, err)
	case <-time.After(WaitTimeout):
		t.Fatalf("Serve did not return within %v of its ctx ending", WaitTimeout)
	}
	assert.DeepEqual(t, 0, hub.ConnectionCount())
	broadcast(4, 6)
	assert.DeepEqual(t, 1, len(log.requests())) // broadcast while the browser was away

	reports.Wait(t, b, &got)
	assert.DeepEqual(t, want(6), got.Messages)
	assert.DeepEqual(t, 2, got.Opens)
	assert.DeepEqual(t, []int{0}, got.Errors) // CONNECTING while it waits to reconnect

	reqs := log.requests()
	assert.DeepEqual(t, 2, len(reqs))
	assert.Assert(t, !reqs[0].hasLastEventID, reqs[0].lastEventID)
	assert.Assert(t, reqs[1].hasLastEventID)
	assert.DeepEqual(t, got.Messages[2].LastEventID, reqs[1].lastEventID)
	delay := reqs[1].arrived.Sub(reqs[0].returned)
	t.Logf("reconnected %v after the stream ended (retry %v)", delay, retry)
	assert.Assertf(t, delay >= retry, "reconnected after %v, before the retry of %v", delay, retry)

	broadcast(7, 7)
	reports.Wait(t, b, &got)
	assert.DeepEqual(t, want(7), got.Messages)
	assert.DeepEqual(t, 2, got.Opens)
}

// noContentScript reports once the browser has given up: after the error that finds
// readyState CLOSED, it waits ten reconnection times, in which a browser that had not
// given up would have reconnected, and then reports.
const noContentScript = `
const retry = %d;
const messages = [], errors = [];
const es = new EventSource("/sse");
es.onmessage = (e) => messages.push({
	listener: "onmessage", type: e.type, data: e.data, lastEventId: e.lastEventId, origin: e.origin,
});
es.onerror = () => {
	errors.push(es.readyState);
	if (es.readyState === EventSource.CLOSED) {
		setTimeout(() => report({errors: errors, messages: messages, readyState: es.readyState}), 10 * retry);
	}
};
`

// TestNoContentStopsReconnection answers the reconnection with HTTP 204: the browser
// must close the EventSource and never ask again.
func TestNoContentStopsReconnection(t *testing.T) {
	const retry = 50 * time.Millisecond
	log := &requestLog{}
	var conns atomic.Int32
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, fmt.Sprintf(noContentScript, retry.Milliseconds()))
		h.GET("/sse", log.middleware, func(_ context.Context, c *app.RequestContext) {
			if conns.Add(1) > 1 {
				c.SetStatusCode(consts.StatusNoContent)
				return
			}
			s := sse.NewStream(c)
			if err := s.SetRetry(retry); err != nil {
				t.Error(err)
			}
			if err := s.Publish(&sse.Event{ID: "1", Data: []byte("only")}); err != nil {
				t.Error(err)
			}
		})
	})
	b := Launch(t, base+PagePath)
	var got struct {
		Errors     []int      `json:"errors"`
		Messages   []received `json:"messages"`
		ReadyState int        `json:"readyState"`
	}
	reports.Wait(t, b, &got)
	reported := time.Now()

	// The report is the signal: by now a third request would have arrived.
	reqs := log.requests()
	assert.DeepEqual(t, 2, len(reqs))
	t.Logf("no request in the %v between the 204 and the page's report", reported.Sub(reqs[1].arrived))
	assert.DeepEqual(t, "1", reqs[1].lastEventID)
	assert.DeepEqual(t, 2, got.ReadyState) // CLOSED
	assert.DeepEqual(t, []int{0, 2}, got.Errors)
	assert.DeepEqual(t, []received{{"onmessage", "message", "only", "1", base}}, got.Messages)
}

// request is what the server saw of one request to the event stream.
type request struct {
	hasLastEventID bool
	lastEventID    string
	arrived        time.Time
	returned       time.Time // when the handler returned, before Hertz ended the response
}

// requestLog records every request that passes through its middleware.
type requestLog struct {
	mu   sync.Mutex
	reqs []*request
}

// middleware records the request, then runs the handler.
func (l *requestLog) middleware(ctx context.Context, c *app.RequestContext) {
	r := &request{
		hasLastEventID: c.Request.Header.Peek(sse.HeaderLastEventID) != nil,
		lastEventID:    sse.GetLastEventID(c),
		arrived:        time.Now(),
	}
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
	c.Next(ctx)
	l.mu.Lock()
	r.returned = time.Now()
	l.mu.Unlock()
}

// requests returns copies of the requests seen so far.
func (l *requestLog) requests() []request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]request, len(l.reqs))
	for i, r := range l.reqs {
		out[i] = *r
	}
	return out
}
