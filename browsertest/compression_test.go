// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// negotiated is what the event stream's handler saw and chose.
type negotiated struct {
	acceptEncoding  string // the request's
	contentEncoding string // the response's
}

// TestPayloadsArriveExactlyCompressed: Chromium's EventSource receives every payload
// of TestPayloadsArriveExactly byte for byte over a gzip-encoded stream, with an
// event compressed and flushed at a time, and in batches.
func TestPayloadsArriveExactlyCompressed(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []sse.StreamOption
	}{
		{"per event", []sse.StreamOption{sse.WithCompression()}},
		{"batched", []sse.StreamOption{sse.WithCompression(), sse.WithBatching()}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			seen := make(chan negotiated, 1)
			var reports *Reports
			base := StartServer(t, func(h *server.Hertz) {
				reports = HandlePage(h, fmt.Sprintf(collectScript, "[]"))
				publish := publishAll(t, payloadEvents(), mode.opts...)
				h.GET("/sse", func(ctx context.Context, c *app.RequestContext) {
					publish(ctx, c)
					seen <- negotiated{
						acceptEncoding:  string(c.Request.Header.Peek("Accept-Encoding")),
						contentEncoding: string(c.Response.Header.ContentEncoding()),
					}
				})
			})
			b := Launch(t, base+PagePath)
			var got []received
			took := reports.Wait(t, b, &got)
			n := <-seen
			t.Logf("Accept-Encoding %q, answered with Content-Encoding %q; %d events, reported after %v",
				n.acceptEncoding, n.contentEncoding, len(got), took)
			assert.DeepEqual(t, "gzip", n.contentEncoding)
			checkPayloads(t, got, base)
		})
	}
}

// TestCompressedEventsReachTheBrowserAsWritten: the handler publishes each event only
// once the page has reported the one before, so an event held back in the compressor
// would stall the page.
func TestCompressedEventsReachTheBrowserAsWritten(t *testing.T) {
	const script = `
const es = new EventSource("/sse");
es.onmessage = (e) => {
	if (e.data === "3") { es.close(); }
	report(e.data);
};
`
	next := make(chan struct{})
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, script)
		h.GET("/sse", func(_ context.Context, c *app.RequestContext) {
			s := sse.NewStream(c, sse.WithCompression())
			if got := string(c.Response.Header.ContentEncoding()); got != "gzip" {
				t.Errorf("Content-Encoding %q, want gzip", got)
			}
			for i := 1; i <= 3; i++ {
				if err := s.Publish(&sse.Event{ID: fmt.Sprint(i), Data: []byte(fmt.Sprint(i))}); err != nil {
					t.Error(err)
					return
				}
				select {
				case <-next:
				case <-time.After(WaitTimeout):
					t.Errorf("the page did not report event %d within %v", i, WaitTimeout)
					return
				}
			}
		})
	})
	b := Launch(t, base+PagePath)
	for i := 1; i <= 3; i++ {
		var data string
		reports.Wait(t, b, &data)
		assert.DeepEqual(t, fmt.Sprint(i), data)
		next <- struct{}{}
	}
}
