// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"time"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Block is one block of a received event stream as it was sent, for code that
// forwards a stream unchanged ([WithOnBlock], [Proxy]). An [Event] says what a
// browser would see; a Block also says which fields the block itself carried, which
// an Event cannot: an event's ID persists from earlier blocks, an empty id field
// resets it, and a block without data dispatches no event at all yet may set the last
// event ID or the reconnection time.
//
// A Block is valid only during the call it is passed to; its Event may be kept.
type Block struct {
	// Event is the event the block dispatched, or nil for a block that dispatched
	// none (one with an id or retry field and no data).
	Event *Event
	// ID is the value of the block's own id field, if HasID; an empty ID with HasID
	// resets the receiver's last event ID.
	ID    string
	HasID bool
	// Retry is the block's reconnection time, if HasRetry; zero asks the receiver to
	// reconnect at once.
	Retry    time.Duration
	HasRetry bool
}

// blockOf returns the Block for the parsed fields f, whose event, if any, is ev.
// ID reuses ev's string when ev carries the block's own id.
func blockOf(f *parser.Fields, ev *Event) Block {
	b := Block{Event: ev, HasID: f.HasID, Retry: f.Retry, HasRetry: f.HasRetry}
	switch {
	case !f.HasID:
	case ev != nil:
		b.ID = ev.ID // the event carries the ID its own block just set
	default:
		b.ID = string(f.ID)
	}
	return b
}
