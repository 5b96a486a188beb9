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
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"github.com/hertz-contrib/sse"
)

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
