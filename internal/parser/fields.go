// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"bytes"
	"math"
	"time"
)

// maxRetryMillis is the largest retry value that fits in a time.Duration.
const maxRetryMillis = math.MaxInt64 / int64(time.Millisecond)

// field processes one non-empty line.
func (p *Parser) field(line []byte) error {
	if line[0] == ':' {
		if p.onComment != nil {
			text := line[1:]
			if len(text) > 0 && text[0] == ' ' {
				text = text[1:]
			}
			p.onComment(text)
		}
		return nil
	}
	name, val := line, line[len(line):]
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, val = line[:i], line[i+1:]
		if len(val) > 0 && val[0] == ' ' {
			val = val[1:]
		}
	}
	switch string(name) {
	case "data":
		return p.appendData(val)
	case "event":
		p.typ.setView(val)
	case "id":
		if bytes.IndexByte(val, 0) < 0 {
			p.id.setView(val)
			p.hasID = true
		}
	case "retry":
		if d, ok := parseRetry(val); ok {
			p.retry, p.hasRetry = d, true
			p.blockRetry, p.blockHasRT = d, true
		}
	}
	return nil
}

// appendData adds one data value to the event's data. The first value is
// kept as a view; further values are joined in the data scratch buffer.
func (p *Parser) appendData(v []byte) error {
	d := &p.data
	if !p.hasData {
		p.hasData = true
		d.setView(v)
		return nil
	}
	n := len(d.b) + 1 + len(v)
	if n > p.max {
		return p.tooLarge()
	}
	switch {
	case cap(d.own) < n:
		own := make([]byte, len(d.b), growCap(cap(d.own), n, p.max))
		copy(own, d.b)
		d.own = own
	case d.inBuf:
		d.own = append(d.own[:0], d.b...)
	}
	d.own = append(d.own, '\n')
	d.own = append(d.own, v...)
	d.b, d.inBuf = d.own, false
	return nil
}

// dispatch ends the current block, reporting the event if it has data.
func (p *Parser) dispatch() (Fields, bool) {
	if p.hasID {
		p.lastID = append(p.lastID[:0], p.id.b...)
	}
	var f Fields
	ok := p.hasData || (p.reportControl && (p.hasID || p.blockHasRT))
	if ok {
		f = Fields{
			HasID:    p.hasID,
			Type:     p.typ.b,
			Data:     p.data.b,
			Retry:    p.blockRetry,
			HasRetry: p.blockHasRT,
			Control:  !p.hasData,
		}
		if p.hasID {
			f.ID = p.lastID
		}
	}
	p.resetBlock()
	return f, ok
}

func (p *Parser) resetBlock() {
	p.data.reset()
	p.typ.reset()
	p.id.reset()
	p.hasData, p.hasID = false, false
	p.blockRetry, p.blockHasRT = 0, false
}

// detach copies the block's views out of the read buffer.
func (p *Parser) detach() {
	p.data.detach()
	p.typ.detach()
	p.id.detach()
}

// parseRetry interprets a retry value: ASCII digits only, non-empty, and
// small enough to fit in a time.Duration.
func parseRetry(v []byte) (time.Duration, bool) {
	if len(v) == 0 {
		return 0, false
	}
	var ms int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if ms > (maxRetryMillis-d)/10 {
			return 0, false
		}
		ms = ms*10 + d
	}
	return time.Duration(ms) * time.Millisecond, true
}
