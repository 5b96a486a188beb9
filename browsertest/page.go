// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

const (
	// PagePath is where [HandlePage] serves the test page.
	PagePath = "/"

	// ReportPath is where the test page posts its reports.
	ReportPath = "/report"
)

// pageHead defines, before the test's own script runs, the functions it may call:
// report(value) posts value as JSON, fail(message) reports an error; any uncaught
// error or rejected promise, a syntax error in the test's script included, is
// reported as a failure too.
const pageHead = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>sse browser test</title>
<script>
"use strict";
function post(body) {
	return fetch("` + ReportPath + `", {
		method: "POST",
		headers: {"Content-Type": "application/json"},
		body: JSON.stringify(body),
	});
}
function report(value) { return post({ok: true, value: value}); }
function fail(message) { return post({ok: false, error: String(message)}); }
window.addEventListener("error", (e) => fail(e.message + " (" + e.filename + ":" + e.lineno + ")"));
window.addEventListener("unhandledrejection", (e) => fail("unhandled rejection: " + e.reason));
</script>
</head>
<body>
<script>
"use strict";
`

const pageTail = `
</script>
</body>
</html>
`

// reportQueue is how many reports a page may post that no test has waited for yet.
const reportQueue = 16

// Reports receives what a test page posts. It is safe for concurrent use.
type Reports struct {
	ch chan pageReport
}

// pageReport is the body that report and fail post.
type pageReport struct {
	OK    bool            `json:"ok"`
	Error string          `json:"error"`
	Value json.RawMessage `json:"value"`
}

// HandlePage adds to h a test page at [PagePath] that runs script, and at [ReportPath]
// the endpoint that the page posts its reports to; it returns where those reports
// arrive. script may call report(value), which posts value as JSON, and
// fail(message); an uncaught error in the page is reported as a failure. script must
// not contain "</script>".
func HandlePage(h *server.Hertz, script string) *Reports {
	page := []byte(pageHead + script + pageTail)
	r := &Reports{ch: make(chan pageReport, reportQueue)}
	h.GET(PagePath, func(_ context.Context, c *app.RequestContext) {
		c.Response.Header.Set("Cache-Control", "no-store")
		c.Data(consts.StatusOK, "text/html; charset=utf-8", page)
	})
	h.POST(ReportPath, func(_ context.Context, c *app.RequestContext) {
		var rep pageReport
		// Unmarshal copies what it keeps, so Hertz may reuse the request's buffer.
		if err := json.Unmarshal(c.Request.Body(), &rep); err != nil {
			rep = pageReport{Error: "browsertest: undecodable report: " + err.Error()}
		}
		select {
		case r.ch <- rep:
		default:
			hlog.SystemLogger().Warnf("browsertest: dropped a report: %d are waiting already", reportQueue)
		}
		c.Status(consts.StatusNoContent)
	})
	return r
}

// Wait waits for the page's next report and decodes its value into v. It fails the
// test if the page reported a failure, if the browser b exits first, or after
// [WaitTimeout]. It returns how long it waited.
func (r *Reports) Wait(t testing.TB, b *Browser, v any) time.Duration {
	t.Helper()
	start := time.Now()
	timer := time.NewTimer(WaitTimeout)
	defer timer.Stop()
	select {
	case rep := <-r.ch:
		if !rep.OK {
			t.Fatalf("the page failed: %s", rep.Error)
		}
		dec := json.NewDecoder(bytes.NewReader(rep.Value))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			t.Fatalf("browsertest: decode the page's report %s: %v", abbreviate(string(rep.Value)), err)
		}
	case <-b.Exited():
		t.Fatal(b.ExitError())
	case <-timer.C:
		t.Fatalf("browsertest: no report from the page within %v", WaitTimeout)
	}
	return time.Since(start)
}

// abbreviate shortens s for an error message.
func abbreviate(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:max], len(s))
}
