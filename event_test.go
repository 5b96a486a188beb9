// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bytes"
	"encoding"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// encode publishes e on a Stream over a buffer and returns what was written.
func encode(t testing.TB, e *sse.Event) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	err := sse.NewStreamWithWriter(&buf).Publish(e)
	return buf.String(), err
}

func TestEventEncoding(t *testing.T) {
	cases := []struct {
		name string
		in   sse.Event
		want string
	}{
		{"data only", sse.Event{Data: []byte("hello")}, "data: hello\n\n"},
		{"fields in order id, event, retry, data", sse.Event{ID: "7", Event: "tick", Retry: 3 * time.Second, Data: []byte("x")},
			"id: 7\nevent: tick\nretry: 3000\ndata: x\n\n"},
		{"empty data still writes one data line", sse.Event{}, "data: \n\n"},
		{"nil data with id", sse.Event{ID: "1"}, "id: 1\ndata: \n\n"},
		{"LF splits lines", sse.Event{Data: []byte("a\nb\nc")}, "data: a\ndata: b\ndata: c\n\n"},
		{"CRLF splits lines", sse.Event{Data: []byte("a\r\nb")}, "data: a\ndata: b\n\n"},
		{"lone CR splits lines", sse.Event{Data: []byte("a\rb")}, "data: a\ndata: b\n\n"},
		{"CR CR is two line ends", sse.Event{Data: []byte("a\r\rb")}, "data: a\ndata: \ndata: b\n\n"},
		{"LF CR is two line ends", sse.Event{Data: []byte("a\n\rb")}, "data: a\ndata: \ndata: b\n\n"},
		{"trailing LF keeps an empty last line", sse.Event{Data: []byte("a\n")}, "data: a\ndata: \n\n"},
		{"trailing CR keeps an empty last line", sse.Event{Data: []byte("a\r")}, "data: a\ndata: \n\n"},
		{"leading LF", sse.Event{Data: []byte("\na")}, "data: \ndata: a\n\n"},
		{"only a line end", sse.Event{Data: []byte("\r\n")}, "data: \ndata: \n\n"},
		{"leading spaces survive the one removed space", sse.Event{Data: []byte("  x")}, "data:   x\n\n"},
		{"colon-prefixed line is data, not a comment", sse.Event{Data: []byte(":x\n:y")}, "data: :x\ndata: :y\n\n"},
		{"field-like data stays data", sse.Event{Data: []byte("id: 9\nevent: y")}, "data: id: 9\ndata: event: y\n\n"},
		{"UTF-8 including 4-byte characters", sse.Event{Data: []byte("héllo 世界 😀")}, "data: héllo 世界 😀\n\n"},
		{"retry rounds down to whole milliseconds", sse.Event{Retry: 1500 * time.Microsecond, Data: []byte("x")}, "retry: 1\ndata: x\n\n"},
		{"empty id and event write nothing", sse.Event{ID: "", Event: "", Data: []byte("x")}, "data: x\n\n"},
		{"id with spaces and colons", sse.Event{ID: " a:b ", Data: []byte("x")}, "id:  a:b \ndata: x\n\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encode(t, &tc.in)
			assert.Nil(t, err)
			assert.DeepEqual(t, tc.want, got)
		})
	}
}

func TestEventEncodingRejectsInjection(t *testing.T) {
	cases := []struct {
		name string
		in   sse.Event
		want error
	}{
		{"LF in id", sse.Event{ID: "1\ndata: x"}, sse.ErrInvalidID},
		{"CR in id", sse.Event{ID: "1\r"}, sse.ErrInvalidID},
		{"NUL in id", sse.Event{ID: "a\x00b"}, sse.ErrInvalidID},
		{"LF in event", sse.Event{Event: "a\nb"}, sse.ErrInvalidEventName},
		{"CR in event", sse.Event{Event: "a\rb"}, sse.ErrInvalidEventName},
		{"negative retry", sse.Event{Retry: -time.Second}, sse.ErrInvalidRetry},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := sse.NewStreamWithWriter(&buf)
			err := s.Publish(&tc.in)
			assert.Assert(t, errors.Is(err, tc.want), err)
			assert.DeepEqual(t, 0, buf.Len())
			// The stream stays usable: a bad event is the caller's mistake, not the connection's.
			assert.Nil(t, s.Publish(&sse.Event{Data: []byte("ok")}))
			assert.DeepEqual(t, "data: ok\n\n", buf.String())
		})
	}
	assert.Assert(t, sse.NewStreamWithWriter(io.Discard).Publish(nil) != nil)
}

func TestCommentAndRetryBlocks(t *testing.T) {
	var buf bytes.Buffer
	s := sse.NewStreamWithWriter(&buf)
	assert.Nil(t, s.SendComment(""))
	assert.Nil(t, s.SendComment("a\nb\r\nc"))
	assert.Nil(t, s.SetRetry(2500*time.Millisecond))
	assert.DeepEqual(t, ":\n:a\n:b\n:c\nretry: 2500\n\n", buf.String())
	assert.Assert(t, errors.Is(s.SetRetry(-1), sse.ErrInvalidRetry))

	// None of these blocks dispatches an event, and the retry reaches the receiver.
	d := newRefDecoder(strings.NewReader(buf.String() + "data: x\n\n"))
	ev, err := d.next()
	assert.Nil(t, err)
	assert.DeepEqual(t, refEvent{Type: "message", Data: "x", Retry: 2500 * time.Millisecond}, ev)
}

func TestSetLastEventIDBlock(t *testing.T) {
	var buf bytes.Buffer
	s := sse.NewStreamWithWriter(&buf)
	assert.Nil(t, s.SetLastEventID("7"))
	assert.Nil(t, s.SetLastEventID(""))
	assert.DeepEqual(t, "id: 7\n\nid: \n\n", buf.String())
	for _, bad := range []string{"a\nb", "a\rb", "a\x00b"} {
		assert.Assert(t, errors.Is(s.SetLastEventID(bad), sse.ErrInvalidID), bad)
	}
	assert.DeepEqual(t, "id: 7\n\nid: \n\n", buf.String()) // nothing written for them

	// Neither block dispatches an event; the last one resets the last event ID.
	d := sse.NewDecoder(strings.NewReader(buf.String()+"data: x\n\n"), 0)
	ev, err := d.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, sse.Event{Data: []byte("x")}, *ev)
}

func TestOnWriteErrorIsCalledOnceWithTheFirstFailure(t *testing.T) {
	var seen []error
	s := sse.NewStreamWithWriter(&failingWriter{n: 1}, sse.WithOnWriteError(func(err error) { seen = append(seen, err) }))
	assert.Nil(t, s.Publish(&sse.Event{Data: []byte("ok")}))
	first := s.Publish(&sse.Event{Data: []byte("fails")})
	assert.NotNil(t, first)
	assert.DeepEqual(t, first, s.SendComment("fails too")) // the first failure sticks
	assert.DeepEqual(t, []error{first}, seen)
}

// TestEventRoundTrip checks the promise in Event.Data's documentation: a spec-conforming
// receiver dispatches exactly the published event, with CR and CRLF turned into LF.
func TestEventRoundTrip(t *testing.T) {
	payloads := []string{"", "x", "a\nb", "a\r\nb", "a\rb", "\n", "\r", "\r\n", "\n\n\n", " lead", ":colon", "data: x",
		"😀\r\n世界\n", strings.Repeat("long line ", 7000), "\uFEFFbom", "tab\there"}
	for _, p := range payloads {
		assertRoundTrip(t, &sse.Event{ID: "id-1", Event: "kind", Data: []byte(p)})
	}
}

func assertRoundTrip(t *testing.T, e *sse.Event) {
	t.Helper()
	out, err := encode(t, e)
	assert.Nil(t, err)
	got, err := newRefDecoder(strings.NewReader(out)).next()
	assert.Nil(t, err)
	want := refEvent{Type: e.Event, Data: normalizeLineEnds(string(e.Data)), ID: e.ID, Retry: e.Retry.Truncate(time.Millisecond)}
	if want.Type == "" {
		want.Type = "message"
	}
	assert.DeepEqual(t, want, got)
}

func normalizeLineEnds(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func FuzzEventRoundTrip(f *testing.F) {
	f.Add("1", "message", []byte("hello\nworld"), int64(0))
	f.Add("", "", []byte(""), int64(5000))
	f.Add("a\nb", "x", []byte("\r\n\r"), int64(1))
	f.Add("id", "ev\r", []byte(":x"), int64(-1))
	f.Add("\x00", "", []byte("data: y\n\nid: 2"), int64(3))
	f.Fuzz(func(t *testing.T, id, event string, data []byte, retryMs int64) {
		e := &sse.Event{ID: id, Event: event, Data: data, Retry: time.Duration(retryMs) * time.Millisecond}
		out, err := encode(t, e)
		if err != nil {
			if !errors.Is(err, sse.ErrInvalidID) && !errors.Is(err, sse.ErrInvalidEventName) && !errors.Is(err, sse.ErrInvalidRetry) {
				t.Fatalf("unexpected error %v", err)
			}
			if out != "" {
				t.Fatalf("rejected event wrote %q", out)
			}
			return
		}
		if !utf8.Valid(data) || !utf8.ValidString(id) || !utf8.ValidString(event) {
			return // browsers replace invalid UTF-8; the promise covers valid text
		}
		if strings.ContainsAny(id, "\r\n\x00") || strings.ContainsAny(event, "\r\n") || retryMs < 0 {
			t.Fatalf("invalid event accepted: %q", out)
		}
		assertRoundTrip(t, e)
	})
}

func TestPublishAllocatesNothing(t *testing.T) {
	s := sse.NewStreamWithWriter(io.Discard)
	e := benchEvent()
	allocs := testing.AllocsPerRun(1000, func() {
		if err := s.Publish(e); err != nil {
			t.Fatal(err)
		}
	})
	assert.DeepEqual(t, 0.0, allocs)
}

// benchEvent is the event the benchmarks publish: id, event and three data lines, about
// 200 bytes on the wire.
func benchEvent() *sse.Event {
	return &sse.Event{
		ID:    "1700000000000-42",
		Event: "price",
		Data: []byte(`{"symbol":"HTZ","bid":101.25,"ask":101.27,"ts":1700000000}` + "\n" +
			`{"symbol":"SSE","bid":42.10,"ask":42.12,"ts":1700000000}` + "\n" +
			`{"symbol":"CWG","bid":7.01,"ask":7.03}`),
	}
}

func BenchmarkPublish(b *testing.B) {
	benchPublish(b, sse.NewStreamWithWriter(io.Discard))
}

// benchPublish publishes benchEvent on s, once per op, and counts its encoding as the
// bytes of an op.
func benchPublish(b *testing.B, s *sse.Stream) {
	e := benchEvent()
	out, _ := encode(b, e)
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Publish(e); err != nil {
			b.Fatal(err)
		}
	}
}

var _ encoding.TextAppender = (*sse.Event)(nil)

func TestAppendText(t *testing.T) {
	e := benchEvent()
	published, err := encode(t, e)
	assert.Nil(t, err)
	buf := make([]byte, 0, 512)
	got, err := e.AppendText(buf)
	assert.Nil(t, err)
	assert.DeepEqual(t, published, string(got))
	assert.DeepEqual(t, 0.0, testing.AllocsPerRun(100, func() { _, _ = e.AppendText(buf[:0]) }))

	prefix := []byte("kept")
	out, err := (&sse.Event{ID: "a\nb"}).AppendText(prefix)
	assert.Assert(t, errors.Is(err, sse.ErrInvalidID))
	assert.DeepEqual(t, "kept", string(out))
}

// BenchmarkAppendText measures the encoder alone: the event with id, event and three
// data lines, appended to a reused buffer.
func BenchmarkAppendText(b *testing.B) {
	e := benchEvent()
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = e.AppendText(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}
