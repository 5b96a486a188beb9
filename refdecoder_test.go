// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
)

// refEvent is what a browser's EventSource would dispatch.
type refEvent struct {
	Type  string
	Data  string
	ID    string // the last event ID at dispatch, as MessageEvent.lastEventId
	Retry time.Duration
}

// refDecoder is a slow, literal transcription of the WHATWG "Interpreting an event
// stream" algorithm, used to check what the encoder writes.
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
type refDecoder struct {
	r       *bufio.Reader
	started bool
	lastID  string
	retry   time.Duration
}

func newRefDecoder(r io.Reader) *refDecoder { return &refDecoder{r: bufio.NewReader(r)} }

// readLine returns one line without its end (CRLF, LF or CR). A last line without an
// end is not a line: it returns io.EOF.
func (d *refDecoder) readLine() (string, error) {
	var b strings.Builder
	for {
		c, err := d.r.ReadByte()
		if err != nil {
			return "", err
		}
		switch c {
		case '\n':
			return b.String(), nil
		case '\r':
			if next, err := d.r.Peek(1); err == nil && next[0] == '\n' {
				_, _ = d.r.ReadByte()
			}
			return b.String(), nil
		}
		b.WriteByte(c)
	}
}

// next returns the next dispatched event, or io.EOF.
func (d *refDecoder) next() (refEvent, error) {
	var data, typ strings.Builder
	for {
		line, err := d.readLine()
		if err != nil {
			return refEvent{}, err
		}
		if !d.started {
			d.started = true
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if line == "" {
			if data.Len() == 0 {
				typ.Reset()
				continue
			}
			ev := refEvent{Type: typ.String(), Data: strings.TrimSuffix(data.String(), "\n"), ID: d.lastID, Retry: d.retry}
			if ev.Type == "" {
				ev.Type = "message"
			}
			return ev, nil
		}
		if line[0] == ':' {
			continue
		}
		field, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch field {
		case "event":
			typ.Reset()
			typ.WriteString(value)
		case "data":
			data.WriteString(value)
			data.WriteByte('\n')
		case "id":
			if !strings.Contains(value, "\x00") {
				d.lastID = value
			}
		case "retry":
			if ms, err := strconv.ParseUint(value, 10, 63); err == nil && strings.Trim(value, "0123456789") == "" {
				d.retry = time.Duration(ms) * time.Millisecond
			}
		}
	}
}
