// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// hubResumeScript records every message, every open and the readyState at every
// error. It reports all of them when the stream first opens and after the 3rd, 6th
// and 7th message, and closes the stream after the 7th.
const hubResumeScript = `
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
	if (messages.length === 7) es.close();
	if ([3, 6, 7].includes(messages.length)) snapshot();
};
`

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
		reports = HandlePage(h, hubResumeScript)
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
