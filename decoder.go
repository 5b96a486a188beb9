// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"io"
	"time"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Decoder reads events from an event stream held in any io.Reader: a recorded LLM
// response, a file, a body read by another HTTP client. It follows the standard's
// parsing rules exactly, like [Client], which uses the same parser. It reads in large
// chunks and never buffers more than about one event.
//
// A Decoder is not safe for concurrent use. The events it returns are safe to keep.
type Decoder struct {
	p    *parser.Parser
	slab eventSlab
}

// NewDecoder returns a Decoder reading r. maxSize bounds one line and one event's
// data, in bytes; zero or negative means [DefaultMaxBufferSize].
func NewDecoder(r io.Reader, maxSize int) *Decoder {
	d := &Decoder{p: parser.New(r, maxSize)}
	// Blocks that dispatch nothing can still move the last event ID that the next
	// event carries.
	d.p.ReportControlBlocks()
	return d
}

// Next returns the next event the stream dispatches. An Event's Event field is the
// type as sent ("" when the block had none, which browsers call "message"), and its
// ID the stream's last event ID at dispatch, as a browser's MessageEvent.lastEventId:
// set by the last valid id field so far, in this block or an earlier one.
//
// It returns io.EOF at the end of the stream (an unfinished last event is dropped, as
// the standard says), an error matching [ErrEventTooLarge] for a line or event over the
// max size, or the reader's error once every complete event before it was returned.
func (d *Decoder) Next() (*Event, error) {
	for {
		f, err := d.p.Next()
		if err != nil {
			return nil, err
		}
		if !f.Control {
			return d.slab.event(&f, false)
		}
		d.slab.block(&f)
	}
}

// LastEventID returns the stream's last event ID as the standard defines it: set by
// every valid id field, kept across events, and also moved by blocks that dispatch
// nothing. It is what a reconnecting client sends as Last-Event-ID.
func (d *Decoder) LastEventID() string { return string(d.p.LastEventID()) }

// Retry returns the last reconnection time the stream set, and whether it set one.
func (d *Decoder) Retry() (time.Duration, bool) { return d.p.Retry() }
