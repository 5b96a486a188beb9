// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Sizes of the blocks that received events are carved from.
const (
	eventsPerSlab = 64
	dataSlabSize  = 32 << 10
	idSlabSize    = 4 << 10
	// Data larger than this gets an array of its own rather than wasting a slab.
	maxSlabData = dataSlabSize / 8
)

// eventSlab turns parsed fields into Events that the handler may keep, at a fraction of
// an allocation per event: Events, their data and their IDs are carved from larger
// blocks, and a new block replaces a full one (the old block lives on as long as an
// event points into it).
type eventSlab struct {
	events []Event
	data   []byte
	ids    strings.Builder
	// lastType is the previous event's type: most streams use few types.
	lastType string
	// lastID is the stream's last event ID: set by the blocks with an id field, kept
	// by the others, as a browser's MessageEvent.lastEventId. A reconnecting client
	// starts it at the ID it resumes from.
	lastID string
}

// event returns the Event for f, which carries the last event ID at dispatch.
func (s *eventSlab) event(f *parser.Fields, decodeBase64 bool) (*Event, error) {
	if len(s.events) == cap(s.events) {
		s.events = make([]Event, 0, eventsPerSlab)
	}
	s.events = s.events[:len(s.events)+1]
	ev := &s.events[len(s.events)-1]

	if string(f.Type) != s.lastType {
		s.lastType = string(f.Type)
	}
	ev.Event = s.lastType
	s.block(f)
	ev.ID = s.lastID
	if f.HasRetry {
		ev.Retry = f.Retry
	}
	if !decodeBase64 {
		ev.Data = s.copyData(f.Data)
		return ev, nil
	}
	dst := s.alloc(base64.StdEncoding.DecodedLen(len(f.Data)))
	n, err := base64.StdEncoding.Decode(dst, f.Data)
	if err != nil {
		return nil, permanentError{fmt.Errorf("data of event %q is not valid base64: %w", ev.ID, err)}
	}
	ev.Data = dst[:n:n]
	return ev, nil
}

// block takes note of a block's id field, if it had one: blocks that dispatch
// nothing move the last event ID too.
func (s *eventSlab) block(f *parser.Fields) {
	if f.HasID {
		s.lastID = s.id(f.ID)
	}
}

// copyData returns a copy of b whose capacity ends with it, so that an append by the
// handler reallocates instead of writing over the next event's data.
func (s *eventSlab) copyData(b []byte) []byte {
	dst := s.alloc(len(b))
	copy(dst, b)
	return dst
}

// alloc returns n bytes, capacity n, that no other event uses.
func (s *eventSlab) alloc(n int) []byte {
	if n == 0 {
		return []byte{} // not nil: an event with empty data still has data
	}
	if n > maxSlabData {
		return make([]byte, n)
	}
	if cap(s.data)-len(s.data) < n {
		s.data = make([]byte, 0, dataSlabSize)
	}
	start := len(s.data)
	s.data = s.data[:start+n]
	return s.data[start : start+n : start+n]
}

// id returns b as a string carved from a shared block. A strings.Builder only ever
// appends, so the strings it returned earlier never change.
func (s *eventSlab) id(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > idSlabSize/8 {
		return string(b)
	}
	if s.ids.Cap()-s.ids.Len() < len(b) {
		s.ids = strings.Builder{}
		s.ids.Grow(idSlabSize)
	}
	start := s.ids.Len()
	s.ids.Write(b)
	return s.ids.String()[start:]
}
