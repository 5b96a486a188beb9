// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// received is what the page records of one MessageEvent.
type received struct {
	Listener    string `json:"listener"`
	Type        string `json:"type"`
	Data        string `json:"data"`
	LastEventID string `json:"lastEventId"`
	Origin      string `json:"origin"`
}

// collectScript records every MessageEvent that reaches onmessage or a listener of
// one of the names in listeners, and reports them all on the event "end".
const collectScript = `
const got = [];
const es = new EventSource("/sse");
const record = (listener) => (e) => got.push({
	listener: listener, type: e.type, data: e.data, lastEventId: e.lastEventId, origin: e.origin,
});
es.onmessage = record("onmessage");
for (const name of %s) {
	es.addEventListener(name, record(name));
}
es.addEventListener("end", () => {
	es.close();
	report(got);
});
`

// endEvent tells the page that the server has published everything.
var endEvent = &sse.Event{Event: "end", Data: []byte("end")}

// publishAll is a handler that publishes events, then endEvent, on a stream made
// with opts, and returns.
func publishAll(t *testing.T, events []*sse.Event, opts ...sse.StreamOption) app.HandlerFunc {
	return func(_ context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, opts...)
		for _, e := range append(events, endEvent) {
			if err := s.Publish(e); err != nil {
				t.Errorf("publish %q: %v", e.Data, err)
				return
			}
		}
	}
}

// payloads are data that are easy to get wrong on the wire.
var payloads = []struct{ name, data string }{
	{"plain", "hello"},
	{"empty", ""},
	{"multi-line LF", "one\ntwo\nthree"},
	{"CRLF", "one\r\ntwo\r\nthree"},
	{"lone CR", "one\rtwo"},
	{"mixed line ends", "a\rb\nc\r\nd\n\re"},
	{"CR then CRLF", "a\r\r\nb"},
	{"LF only", "\n"},
	{"CRLF only", "\r\n"},
	{"CR only", "\r"},
	{"trailing LF", "end\n"},
	{"trailing CR", "end\r"},
	{"blank lines", "a\n\n\nb"},
	{"leading spaces", "  two leading spaces"},
	{"leading space on every line", " a\n  b\n\tc"},
	{"trailing spaces", "x  "},
	{"colon prefix", ": not a comment"},
	{"colon alone", ":"},
	{"field lookalike", "id: x"},
	{"field lookalikes", "event: e\nretry: 1\ndata: d\nid\n:c"},
	{"NUL", "nul\x00inside"},
	{"BOM", "\ufeffBOM first"},
	{"UTF-8", "héllo wörld, 日本語, Ελληνικά"},
	{"UTF-8 4-byte", "emoji 😀🎉 and 𝄞 and 𠜎"},
	{"64 KiB one line", kib64Line()},
	{"64 KiB of lines", kib64Lines()},
}

// kib64Line is 64 KiB of UTF-8 text without a line end.
func kib64Line() string {
	const unit = "0123456789abcdé🙂" // 20 bytes
	s := strings.Repeat(unit, 64<<10/len(unit))
	return s + strings.Repeat("-", 64<<10-len(s))
}

// kib64Lines is 64 KiB of numbered lines with all three line ends.
func kib64Lines() string {
	var b strings.Builder
	ends := []string{"\n", "\r\n", "\r"}
	for i := 0; b.Len() < 64<<10; i++ {
		fmt.Fprintf(&b, "line %05d: %s%s", i, strings.Repeat("x", i%50), ends[i%3])
	}
	return b.String()
}

// wantData is what onmessage must see for data: CR and CRLF arrive as LF.
func wantData(data string) string {
	return strings.ReplaceAll(strings.ReplaceAll(data, "\r\n", "\n"), "\r", "\n")
}

// payloadEvents are the events that carry payloads, one each.
func payloadEvents() []*sse.Event {
	events := make([]*sse.Event, len(payloads))
	for i, p := range payloads {
		events[i] = &sse.Event{Data: []byte(p.data)}
	}
	return events
}

// checkPayloads checks that the page at origin received the payloads in order, each
// by onmessage as a message, with the data [wantData] makes of it.
func checkPayloads(t *testing.T, got []received, origin string) {
	t.Helper()
	assert.DeepEqual(t, len(payloads), len(got))
	for i, p := range payloads {
		t.Run(p.name, func(t *testing.T) {
			g := got[i]
			if d := diff(g.Data, wantData(p.data)); d != "" {
				t.Errorf("data %s", d)
			}
			g.Data = "" // compared above, with a readable message
			assert.DeepEqual(t, received{Listener: "onmessage", Type: "message", Origin: origin}, g)
		})
	}
}

func TestPayloadsArriveExactly(t *testing.T) {
	var reports *Reports
	base := StartServer(t, func(h *server.Hertz) {
		reports = HandlePage(h, fmt.Sprintf(collectScript, "[]"))
		h.GET("/sse", publishAll(t, payloadEvents()))
	})
	b := Launch(t, base+PagePath)
	var got []received
	took := reports.Wait(t, b, &got)
	t.Logf("%d events, reported after %v", len(got), took)
	checkPayloads(t, got, base)
}

// diff describes how got differs from want, or returns "" if they are equal. It
// keeps the message short for long strings.
func diff(got, want string) string {
	if got == want {
		return ""
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("differs at byte %d (got %d bytes, want %d): got %q…, want %q…",
		i, len(got), len(want), excerpt(got, i), excerpt(want, i))
}

func excerpt(s string, at int) string {
	return s[at:min(len(s), at+20)]
}
