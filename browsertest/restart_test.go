// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// restartScript keeps one EventSource open on /events and reports when it first
// opens, when "before" arrives, when the history-lost event arrives, and when "after"
// arrives; with each report go every message so far and the readyState at every
// error. It never reconnects by hand: whatever happens is the browser's own doing.
const restartScript = `
const messages = [], errorStates = [];
let opens = 0;
const es = new EventSource("/events");
const snapshot = (phase) => report({phase: phase, opens: opens, errorStates: errorStates, messages: messages, readyState: es.readyState});
es.onopen = () => { if (++opens === 1) snapshot("open"); };
es.onerror = () => errorStates.push(es.readyState);
es.addEventListener("history-lost", (e) => {
	messages.push("history-lost " + JSON.parse(e.data).reason);
	snapshot("history-lost");
});
es.onmessage = (e) => {
	messages.push(e.data);
	snapshot(e.data);
};
`

type restartReport struct {
	Phase       string   `json:"phase"`
	Opens       int      `json:"opens"`
	ErrorStates []int    `json:"errorStates"`
	Messages    []string `json:"messages"`
	ReadyState  int      `json:"readyState"`
}

// startHubOrigin runs the README's idiom on addr: a hub with an in-memory history on
// /events, shut down with the server; with page, it serves the test page too.
func startHubOrigin(t *testing.T, addr string, page bool) (*testkit.Server, *sse.Hub, *Reports) {
	t.Helper()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(1000, time.Minute)), sse.WithHubRetry(50*time.Millisecond))
	var reports *Reports
	srv := testkit.StartServerAt(t, addr, func(h *server.Hertz) {
		if page {
			reports = HandlePage(h, restartScript)
		}
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c, "t") })
		h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	}, server.WithSenseClientDisconnection(true))
	return srv, hub, reports
}

// TestEventSourceSurvivesARestart restarts the origin on the same port with a new
// hub, so its history is gone, while Chromium's EventSource is open on it, directly
// or through a proxy hop. The EventSource never reaches CLOSED: it comes back by
// itself, receives the history-lost event once, then the new instance's events.
func TestEventSourceSurvivesARestart(t *testing.T) {
	for _, viaProxy := range []bool{false, true} {
		name := "direct"
		if viaProxy {
			name = "through a proxy"
		}
		t.Run(name, func(t *testing.T) {
			origin, hub, reports := startHubOrigin(t, "127.0.0.1:0", !viaProxy)
			page := origin.URL
			if viaProxy {
				var hopReports *Reports
				page = StartServer(t, func(h *server.Hertz) {
					hopReports = HandlePage(h, restartScript)
					h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
						_ = sse.Proxy(ctx, c, origin.URL+"/events", sse.WithProxyRetry(50*time.Millisecond))
					})
				}, server.WithSenseClientDisconnection(true))
				reports = hopReports
			}
			b := Launch(t, page+PagePath)
			var got restartReport
			reports.Wait(t, b, &got)
			assert.DeepEqual(t, "open", got.Phase)
			assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("before")}))
			reports.Wait(t, b, &got)
			assert.DeepEqual(t, []string{"before"}, got.Messages)

			origin.Stop()
			var restarted *Reports
			_, hub, restarted = startHubOrigin(t, origin.Addr, !viaProxy)
			if !viaProxy {
				reports = restarted // the page now reports to the new instance
			}

			took := reports.Wait(t, b, &got)
			t.Logf("the browser was back %v after the restart began, errors in states %v", took, got.ErrorStates)
			assert.DeepEqual(t, "history-lost", got.Phase)
			assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("after")}))
			reports.Wait(t, b, &got)
			assert.DeepEqual(t, []string{"before", "history-lost unknown", "after"}, got.Messages)
			assert.DeepEqual(t, 1, got.ReadyState) // OPEN
			for _, state := range got.ErrorStates {
				assert.Assertf(t, state != 2, "the EventSource reached CLOSED: error states %v", got.ErrorStates)
			}
			assert.Assert(t, len(got.ErrorStates) > 0, "the restart went unnoticed")
		})
	}
}
