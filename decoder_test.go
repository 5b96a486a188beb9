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
				{Data: []byte("z\n")},
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
