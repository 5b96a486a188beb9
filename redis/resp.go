// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"errors"
	"fmt"
)

// entry is one stream entry as a Listen loop reads it: its ID and the fields the
// Backend writes. Missing fields are empty.
type entry struct {
	id, topic, event, retry, prev string
	data                          []byte
}

// errReply means a reply is not the one XREAD gives.
var errReply = errors.New("sse/redis: malformed XREAD reply")

// parseXRead reads the raw RESP2 or RESP3 reply of an XREAD of one stream and appends
// its entries to dst. Strings are cut from text, which holds the same bytes as raw,
// and data from raw, so that a page of entries costs no allocation per entry: the
// entries keep raw and text alive. A nil reply (the block time passed) has no
// entries; an error reply is returned as an error.
func parseXRead(dst []entry, raw []byte, text string) ([]entry, error) {
	r := respReader{raw: raw, text: text}
	kind, n := r.header()
	switch {
	case r.err != nil:
		return dst, errReply
	case kind == '-' || kind == '!':
		return dst, fmt.Errorf("sse/redis: XREAD: %s", r.errText)
	case r.null:
		return dst, nil
	case kind == '%' && n == 1: // RESP3: a map of one stream to its entries
	case kind == '*' && n == 1: // RESP2: an array of one [stream, entries] pair
		if kind, n = r.header(); kind != '*' || n != 2 {
			return dst, errReply
		}
	default:
		return dst, errReply
	}
	if _, _, ok := r.bulk(); !ok { // the stream's key
		return dst, errReply
	}
	kind, n = r.header()
	if kind != '*' {
		return dst, errReply
	}
	for range n {
		if kind, m := r.header(); kind != '*' || m != 2 {
			return dst, errReply
		}
		var e entry
		start, end, ok := r.bulk()
		if !ok {
			return dst, errReply
		}
		e.id = text[start:end]
		kind, fields := r.header()
		if kind != '*' && kind != '%' {
			return dst, errReply
		}
		if kind == '%' {
			fields *= 2
		}
		for f := 0; f < fields && !r.null; f += 2 {
			ks, ke, ok1 := r.bulk()
			vs, ve, ok2 := r.bulk()
			if !ok1 || !ok2 {
				return dst, errReply
			}
			switch text[ks:ke] {
			case fieldTopic:
				e.topic = text[vs:ve]
			case fieldEvent:
				e.event = text[vs:ve]
			case fieldData:
				e.data = raw[vs:ve:ve]
			case fieldRetry:
				e.retry = text[vs:ve]
			case fieldPrev:
				e.prev = text[vs:ve]
			}
		}
		dst = append(dst, e)
	}
	if r.err != nil {
		return dst, errReply
	}
	return dst, nil
}

// respReader walks a RESP reply held in memory.
type respReader struct {
	raw     []byte
	text    string
	pos     int
	null    bool   // the last header was a null
	errText string // the last header was an error: its message
	err     error
}

// header reads the type byte and the number of the next header line ("*3", "%1",
// "$5"). null is set for a null ("*-1", "$-1", "_"); n is 0 for a line without a
// number.
func (r *respReader) header() (kind byte, n int) {
	r.null = false
	if r.err != nil || r.pos >= len(r.raw) {
		r.err = errReply
		return 0, 0
	}
	kind = r.raw[r.pos]
	lineEnd := r.pos + 1
	for lineEnd < len(r.raw) && r.raw[lineEnd] != '\r' {
		lineEnd++
	}
	if lineEnd+1 >= len(r.raw) || r.raw[lineEnd+1] != '\n' {
		r.err = errReply
		return 0, 0
	}
	line := r.text[r.pos+1 : lineEnd]
	r.pos = lineEnd + 2
	switch kind {
	case '_':
		r.null = true
		return kind, 0
	case '-':
		r.errText = line
		return kind, 0
	}
	if line == "-1" {
		r.null = true
		return kind, 0
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c < '0' || c > '9' || n > 1<<30 {
			r.err = errReply
			return 0, 0
		}
		n = n*10 + int(c-'0')
	}
	if kind == '!' { // a blob error: its length, then the message
		if r.pos+n > len(r.raw) {
			r.err = errReply
			return 0, 0
		}
		r.errText = r.text[r.pos : r.pos+n]
		r.pos += n + 2
	}
	return kind, n
}

// bulk reads a bulk string and returns where its bytes are.
func (r *respReader) bulk() (start, end int, ok bool) {
	kind, n := r.header()
	if kind != '$' || r.null {
		return 0, 0, false
	}
	start, end = r.pos, r.pos+n
	if end+2 > len(r.raw) || r.raw[end] != '\r' || r.raw[end+1] != '\n' {
		r.err = errReply
		return 0, 0, false
	}
	r.pos = end + 2
	return start, end, true
}
