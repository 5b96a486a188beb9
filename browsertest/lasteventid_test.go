// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

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
		d := sse.NewDecoder(strings.NewReader(stream), 0)
		ours := []string{}
		for {
			e, err := d.Next()
			if err == io.EOF {
				break
			}
			assert.Nil(t, err)
			ours = append(ours, e.ID)
		}
		assert.DeepEqual(t, browser[i], ours)
	}
}
