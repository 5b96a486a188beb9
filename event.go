// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// Event is one Server-Sent Event.
//
// On the server, a zero field is not written: an empty ID writes no "id" line, an
// empty Event no "event" line (browsers then dispatch it as "message") and a zero
// Retry no "retry" line. On the client, Event, Data and Retry hold what the event's
// block carried, and ID the stream's last event ID (see the field).
//
// Events received by a [Client] may be kept after the handler returns; they share
// larger backing arrays with other events, so changing one event's Data in place is
// allowed but never grow it with append expecting a copy.
type Event struct {
	// Event is the event's type. Browsers dispatch it to listeners registered with
	// addEventListener(Event); an empty Event means "message".
	Event string

	// Data is the payload. It is written as one "data" line per line of Data, where
	// CRLF, LF and a lone CR all end a line. A receiver joins the lines with LF, so
	// for any valid UTF-8 Data a browser's onmessage sees Data byte for byte, except
	// that every CR and CRLF arrives as LF (the standard gives no way to send a CR).
	// Empty Data is still sent, as one empty "data" line, so that every published
	// Event is dispatched exactly once by the receiver.
	Data []byte

	// ID sets the receiver's last event ID, which a reconnecting client sends back in
	// the Last-Event-ID request header. It must not contain CR, LF or NUL.
	//
	// On a received event it is the last event ID at dispatch, as a browser's
	// MessageEvent.lastEventId: the value of the last valid id field the stream sent,
	// in this event's block or an earlier one ("" before any, or after an empty id
	// field reset it).
	ID string

	// Retry, if positive, tells the receiver how long to wait before reconnecting.
	// It is written in whole milliseconds (rounded down); negative is an error.
	Retry time.Duration
}

// AppendText appends the event's wire encoding, the exact bytes [Stream.Publish]
// writes, to b and returns the extended buffer; it implements encoding.TextAppender.
// It allocates nothing when b has room. If e cannot be encoded (see [Event.Validate])
// it returns b unchanged and the error.
func (e *Event) AppendText(b []byte) ([]byte, error) {
	return appendEvent(b, e)
}

// String returns the event's wire encoding, or a description of why it cannot be
// encoded. It is meant for logs and debugging.
func (e *Event) String() string {
	b, err := appendEvent(nil, e)
	if err != nil {
		return fmt.Sprintf("invalid sse event: %v", err)
	}
	return string(b)
}

// Validate reports whether e can be written as it is: it returns an error wrapping
// [ErrInvalidID], [ErrInvalidEventName] or [ErrInvalidRetry] otherwise. Publish and
// the Hub call it; a [Broadcaster] or [Replayer] that stores events can too.
func (e *Event) Validate() error {
	if hasLineEnd(e.ID, true) {
		return fmt.Errorf("%w: %q", ErrInvalidID, e.ID)
	}
	if hasLineEnd(e.Event, false) {
		return fmt.Errorf("%w: %q", ErrInvalidEventName, e.Event)
	}
	if e.Retry < 0 {
		return fmt.Errorf("%w: %v", ErrInvalidRetry, e.Retry)
	}
	return nil
}

// hasLineEnd reports whether s contains CR or LF, or NUL too if nul is set. It tests
// eight bytes at a time: IDs and names are short, too short for a general search to
// pay off.
func hasLineEnd(s string, nul bool) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		found := hasZeroByte(w^(lo*'\r')) | hasZeroByte(w^(lo*'\n'))
		if nul {
			found |= hasZeroByte(w)
		}
		if found != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '\r' || c == '\n' || (nul && c == 0) {
			return true
		}
	}
	return false
}

const (
	lo = 0x0101010101010101
	hi = 0x8080808080808080
)

// hasZeroByte is non-zero exactly when one of the eight bytes of w is zero.
func hasZeroByte(w uint64) uint64 { return (w - lo) &^ w & hi }

// appendEvent appends the wire encoding of e to dst. On error dst is returned
// unchanged, so nothing of an invalid event is ever written.
//
// See https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
func appendEvent(dst []byte, e *Event) ([]byte, error) {
	if err := e.Validate(); err != nil {
		return dst, err
	}
	if e.ID != "" {
		dst = append(dst, "id: "...)
		dst = append(dst, e.ID...)
		dst = append(dst, '\n')
	}
	if e.Event != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, e.Event...)
		dst = append(dst, '\n')
	}
	if e.Retry > 0 {
		dst = appendRetryLine(dst, e.Retry)
	}
	dst = appendData(dst, e.Data)
	return append(dst, '\n'), nil
}

// appendData appends one "data: " line per line of data; see appendLines.
func appendData(dst, data []byte) []byte {
	if bytes.IndexByte(data, '\r') >= 0 {
		return appendLines(dst, "data: ", data)
	}
	// The common case: only LF ends a line, one search per line, and a constant
	// prefix the compiler writes in place.
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		dst = append(dst, 'd', 'a', 't', 'a', ':', ' ')
		dst = append(dst, data[:i+1]...)
		data = data[i+1:]
	}
	dst = append(dst, 'd', 'a', 't', 'a', ':', ' ')
	dst = append(dst, data...)
	return append(dst, '\n')
}

// appendComment appends text as comment lines, one per line of text. Receivers ignore
// comments; they keep idle connections and proxies alive.
func appendComment(dst []byte, text string) []byte {
	return appendLines(dst, ":", []byte(text))
}

// appendRetry appends a block that only sets the receiver's reconnection time.
// Receivers dispatch nothing for it.
func appendRetry(dst []byte, d time.Duration) []byte {
	return append(appendRetryLine(dst, d), '\n')
}

// appendIDOnly appends a block that only sets the receiver's last event ID. Receivers
// dispatch nothing for it.
func appendIDOnly(dst []byte, id string) []byte {
	dst = append(dst, "id: "...)
	dst = append(dst, id...)
	return append(dst, '\n', '\n')
}

func appendRetryLine(dst []byte, d time.Duration) []byte {
	dst = append(dst, "retry: "...)
	dst = strconv.AppendInt(dst, d.Milliseconds(), 10)
	return append(dst, '\n')
}

// appendLines appends one line "<prefix><line>\n" per line of text, where CRLF, LF and
// a lone CR all end a line. Empty text is one empty line.
func appendLines(dst []byte, prefix string, text []byte) []byte {
	for {
		line, rest, more := cutLine(text)
		dst = append(dst, prefix...)
		dst = append(dst, line...)
		dst = append(dst, '\n')
		if !more {
			return dst
		}
		text = rest
	}
}

// cutLine splits text at its first line end (CRLF, LF or CR). more reports whether a
// line end was found; rest is what follows it.
func cutLine(text []byte) (line, rest []byte, more bool) {
	i := bytes.IndexAny(text, "\r\n")
	if i < 0 {
		return text, nil, false
	}
	if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
		return text[:i], text[i+2:], true
	}
	return text[:i], text[i+1:], true
}
