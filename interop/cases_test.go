// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package interop_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// received is an event as a receiver dispatches it, in the terms of the WHATWG
// standard: its type ("message" when the block named none), its data and the last
// event ID at dispatch.
type received struct {
	Type, Data, ID string
}

func (r received) String() string {
	return fmt.Sprintf("{type %q, data %q, id %q}", r.Type, r.Data, r.ID)
}

// messageType returns the type a receiver dispatches for an event name.
func messageType(name string) string {
	if name == "" {
		return "message"
	}
	return name
}

// interopCase is one event a server publishes and what the standard says a receiver
// dispatches for it.
type interopCase struct {
	name string
	ev   sse.Event
	want received
}

var interopCases = []interopCase{
	{"plain", sse.Event{ID: "1", Event: "greeting", Data: []byte("hello")}, received{"greeting", "hello", "1"}},
	{"multi-line LF", sse.Event{ID: "2", Data: []byte("first\nsecond\nthird")}, received{"message", "first\nsecond\nthird", "2"}},
	{"CRLF becomes LF", sse.Event{ID: "3", Data: []byte("a\r\nb\r\nc")}, received{"message", "a\nb\nc", "3"}},
	{"lone CR becomes LF", sse.Event{ID: "4", Data: []byte("a\rb\rc")}, received{"message", "a\nb\nc", "4"}},
	{"mixed line ends", sse.Event{ID: "5", Data: []byte("a\r\nb\nc\rd")}, received{"message", "a\nb\nc\nd", "5"}},
	{"UTF-8 with 4-byte chars", sse.Event{ID: "6", Event: "ünïcødé", Data: []byte("emoji 😀, clef 𝄞, 中文")}, received{"ünïcødé", "emoji 😀, clef 𝄞, 中文", "6"}},
	{"empty data", sse.Event{ID: "7", Event: "ping"}, received{"ping", "", "7"}},
	{"leading spaces", sse.Event{ID: "8", Data: []byte("   three leading spaces")}, received{"message", "   three leading spaces", "8"}},
	{"colon-prefixed lines", sse.Event{ID: "9", Data: []byte(":not a comment\n: nor this")}, received{"message", ":not a comment\n: nor this", "9"}},
	{"lines that look like fields", sse.Event{ID: "10", Data: []byte("id: fake\nevent: fake\nretry: 1")}, received{"message", "id: fake\nevent: fake\nretry: 1", "10"}},
	{"leading empty line", sse.Event{ID: "11", Data: []byte("\nafter an empty line")}, received{"message", "\nafter an empty line", "11"}},
	{"trailing line end", sse.Event{ID: "12", Data: []byte("before an empty line\n")}, received{"message", "before an empty line\n", "12"}},
	{"only line ends", sse.Event{ID: "13", Data: []byte("\n\n")}, received{"message", "\n\n", "13"}},
	{"id and name with spaces and colons", sse.Event{ID: " 14: spaced 😀", Event: "update:v2 ünï", Data: []byte("x")}, received{"update:v2 ünï", "x", " 14: spaced 😀"}},
	{"long line", sse.Event{ID: "15", Data: bytes.Repeat([]byte("0123456789abcdef"), 1024)}, received{"message", strings.Repeat("0123456789abcdef", 1024), "15"}},
}

// specDecode decodes a whole event stream as the WHATWG standard's "Interpreting an
// event stream" says, to check what a server put on the wire.
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
func specDecode(stream []byte) []received {
	stream = bytes.TrimPrefix(stream, []byte("\xEF\xBB\xBF"))
	var events []received
	var data []byte
	typ, lastID, hasData := "", "", false
	for len(stream) > 0 {
		i := bytes.IndexAny(stream, "\r\n")
		if i < 0 {
			break // an unfinished line at the end is discarded
		}
		line := stream[:i]
		if stream[i] == '\r' && i+1 < len(stream) && stream[i+1] == '\n' {
			i++
		}
		stream = stream[i+1:]
		switch {
		case len(line) == 0:
			if hasData {
				events = append(events, received{messageType(typ), string(bytes.TrimSuffix(data, []byte("\n"))), lastID})
			}
			data, typ, hasData = data[:0], "", false
		case line[0] == ':':
		default:
			name, value, _ := bytes.Cut(line, []byte(":"))
			value = bytes.TrimPrefix(value, []byte(" "))
			switch string(name) {
			case "data":
				data = append(append(data, value...), '\n')
				hasData = true
			case "event":
				typ = string(value)
			case "id":
				if bytes.IndexByte(value, 0) < 0 {
					lastID = string(value)
				}
			}
		}
	}
	return events
}

// TestSpecDecode checks the decoder the other tests judge by, on the standard's own
// corner cases.
func TestSpecDecode(t *testing.T) {
	got := specDecode([]byte("\xEF\xBB\xBFdata: a\r\ndata:b\rid: 1\n\n" + // BOM, CRLF, CR, no space after colon
		"id: 2\n\n" + // only an id: no event, but the last event ID changes
		": comment\nevent: e\ndata\n\n" + // a field without a colon, an empty data line
		"data: unfinished\n")) // discarded at the end of the stream
	assert.DeepEqual(t, []received{{"message", "a\nb", "1"}, {"e", "", "2"}}, got)
}

// deviation is a peer's known departure from the standard for one case.
type deviation struct {
	// bug names what the peer does.
	bug string
	// got is what a receiver then dispatches: for a peer's client, what it
	// dispatches; for a peer's server, what the standard makes of what it wrote.
	got []received
	// skip means the peer cannot do this at all: the sub-case is skipped.
	skip bool
}

// checkReceived compares what a receiver dispatched for c with the standard, and
// with the known deviation of the peer involved, if any.
func checkReceived(t *testing.T, peer peer, c interopCase, got []received, dev *deviation) {
	t.Helper()
	want := []received{c.want}
	if slices.Equal(got, want) {
		if dev != nil {
			t.Errorf("%s no longer deviates (%s): remove the deviation", peer, dev.bug)
		}
		return
	}
	if dev != nil && slices.Equal(got, dev.got) {
		t.Logf("%s deviates from the WHATWG standard: %s. Received %v; the standard says %v.", peer, dev.bug, got, want)
		if dev.skip {
			t.Skipf("%s cannot do this: %s", peer, dev.bug)
		}
		return
	}
	t.Errorf("received %v, want %v", got, want)
}
