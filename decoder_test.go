// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

func TestDecoder(t *testing.T) {
	in := "\uFEFFid: 1\nevent: a\ndata: x\r\ndata: y\r\n\r\n: comment\nid: 2\nretry: 300\n\ndata: z\rdata\r\rdata: cut"
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for name, wrap := range readers {
		t.Run(name, func(t *testing.T) {
			d := sse.NewDecoder(wrap(strings.NewReader(in)), 0)
			var got []sse.Event
			for {
				e, err := d.Next()
				if err == io.EOF {
					break
				}
				assert.Nil(t, err)
				got = append(got, *e)
			}
			assert.DeepEqual(t, []sse.Event{
				{ID: "1", Event: "a", Data: []byte("x\ny")},
				{ID: "2", Data: []byte("z\n")}, // the last event ID, set by the block before
			}, got)
			assert.DeepEqual(t, "2", d.LastEventID())
			retry, ok := d.Retry()
			assert.Assert(t, ok)
			assert.DeepEqual(t, 300*time.Millisecond, retry)
		})
	}
}

func TestDecoderErrors(t *testing.T) {
	_, err := sse.NewDecoder(strings.NewReader("data: "+strings.Repeat("x", 100)+"\n\n"), 64).Next()
	assert.Assert(t, errors.Is(err, sse.ErrEventTooLarge) && errors.Is(err, bufio.ErrTooLong), err)

	boom := errors.New("connection reset")
	d := sse.NewDecoder(io.MultiReader(strings.NewReader("data: ok\n\ndata: half"), iotest.ErrReader(boom)), 0)
	e, err := d.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, "ok", string(e.Data))
	_, err = d.Next()
	assert.DeepEqual(t, boom, err)
}

func ExampleDecoder() {
	recorded := "data: {\"token\":\"Hel\"}\n\ndata: {\"token\":\"lo\"}\n\ndata: [DONE]\n\n"
	d := sse.NewDecoder(strings.NewReader(recorded), 0)
	for {
		e, err := d.Next()
		if err != nil || string(e.Data) == "[DONE]" {
			break
		}
		var chunk struct{ Token string }
		if err := e.DecodeJSON(&chunk); err == nil {
			fmt.Print(chunk.Token)
		}
	}
	fmt.Println()
	// Output: Hello
}

// TestEventIDIsTheLastEventIDAtDispatch pins Event.ID to what a browser gives as
// MessageEvent.lastEventId (WHATWG HTML, "Server-sent events", dispatching an event):
// the last event ID buffer at dispatch, whichever block set it.
func TestEventIDIsTheLastEventIDAtDispatch(t *testing.T) {
	cases := []struct {
		name   string
		stream string
		want   []string // the ID of each dispatched event
		last   string   // the last event ID at the end
	}{
		{"persists across events without an id", "id: 1\ndata: a\n\ndata: b\n\ndata: c\n\n", []string{"1", "1", "1"}, "1"},
		{"an id-only block moves it", "data: a\n\nid: 2\n\ndata: b\n\n", []string{"", "2"}, "2"},
		{"an id with NUL is ignored", "id: 1\ndata: a\n\nid: x\x00y\ndata: b\n\n", []string{"1", "1"}, "1"},
		{"an empty id resets it", "id: 1\ndata: a\n\nid\ndata: b\n\nid:\ndata: c\n\ndata: d\n\n", []string{"1", "", "", ""}, ""},
		{"the last id of a block wins", "id: 1\nid: 2\ndata: a\n\n", []string{"2"}, "2"},
		{"an unfinished block does not set it", "id: 1\ndata: a\n\nid: 2\ndata: b", []string{"1"}, "1"},
		{"a block without data still sets it", "id: 1\nretry: 10\n\ndata: a\n\n", []string{"1"}, "1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := sse.NewDecoder(strings.NewReader(tc.stream), 0)
			var got []string
			for {
				e, err := d.Next()
				if err == io.EOF {
					break
				}
				assert.Nil(t, err)
				got = append(got, e.ID)
			}
			assert.DeepEqual(t, tc.want, got)
			assert.DeepEqual(t, tc.last, d.LastEventID())
		})
	}
}
