// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"bytes"
	"io"
	"math"
)

const (
	// minBufSize is the smallest read buffer; it always holds a whole BOM.
	minBufSize = 64
	// maxInitialBufSize caps the size of the first read buffer.
	maxInitialBufSize = 64 << 10
	// maxEmptyReads is how many (0, nil) reads in a row are tolerated.
	maxEmptyReads = 100
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// scan remembers where one byte value was last searched for in the read
// buffer, so that every buffered byte is examined at most once per value
// whatever the mix of line terminators.
type scan struct {
	c     byte
	at    int // index of a known occurrence; stale when below start
	clean int // buf[start:clean] holds no occurrence when at is stale
}

// find returns the index of the first occurrence of s.c in buf[start:end],
// or -1.
func (s *scan) find(buf []byte, start, end int) int {
	if s.at >= start {
		return s.at
	}
	from := max(start, s.clean)
	if from >= end {
		return -1
	}
	if i := bytes.IndexByte(buf[from:end], s.c); i >= 0 {
		s.at = from + i
		return s.at
	}
	s.clean = end
	return -1
}

// shift adjusts the cached positions after the buffer moved n bytes left.
func (s *scan) shift(n int) {
	s.at -= n
	if s.at < 0 {
		s.at = -1
	}
	s.clean = max(s.clean-n, 0)
}

func (s *scan) reset() { s.at, s.clean = -1, 0 }

// skipBOM drops a byte order mark at the start of the stream. It reports
// false while the buffered bytes are a proper prefix of a BOM and more
// input may follow.
func (p *Parser) skipBOM() bool {
	b := p.buf[p.start:p.end]
	n := min(len(b), len(bom))
	switch {
	case !bytes.Equal(b[:n], bom[:n]):
	case n == len(bom):
		p.start += n
	case p.rerr == nil:
		return false
	}
	p.bomDone = true
	return true
}

// line returns the next complete line without its terminator, or false if
// the buffer holds no complete line. The returned slice aliases the read
// buffer.
func (p *Parser) line() ([]byte, bool) {
	if p.skipLF {
		if p.start == p.end {
			return nil, false
		}
		if p.buf[p.start] == '\n' {
			p.start++
		}
		p.skipLF = false
	}
	lf := p.lf.find(p.buf, p.start, p.end)
	cr := p.cr.find(p.buf, p.start, p.end)
	var line []byte
	switch {
	case cr >= 0 && (lf < 0 || cr < lf):
		line = p.buf[p.start:cr:cr]
		p.start = cr + 1
		if lf == cr+1 {
			p.start++
		} else if p.start == p.end {
			// The LF of a CRLF pair may still arrive.
			p.skipLF = true
		}
	case lf >= 0:
		line = p.buf[p.start:lf:lf]
		p.start = lf + 1
	default:
		return nil, false
	}
	return line, true
}

// bufLimit is the largest read buffer: one maximal line plus the byte
// that shows whether it ends.
func (p *Parser) bufLimit() int {
	if p.max >= math.MaxInt-minBufSize {
		return math.MaxInt
	}
	return max(p.max+1, minBufSize)
}

// growCap returns a capacity of at least need, doubling cur, capped at limit.
func growCap(cur, need, limit int) int {
	c := cur * 2
	if c < cur {
		c = limit
	}
	return min(max(c, need), limit)
}

// shift moves the unconsumed bytes to the front of dst (which may be the
// read buffer itself) and makes dst the read buffer.
func (p *Parser) shift(dst []byte) {
	p.detach()
	n := p.start
	p.end = copy(dst, p.buf[p.start:p.end])
	p.buf, p.start = dst, 0
	p.lf.shift(n)
	p.cr.shift(n)
}

// fill makes room in the read buffer and reads into it once, recording a
// read error in p.rerr.
func (p *Parser) fill() {
	if p.start > 0 && (p.start == p.end || p.end == len(p.buf) || p.start >= len(p.buf)/2) {
		p.shift(p.buf)
	}
	if p.end == len(p.buf) {
		limit := p.bufLimit()
		if len(p.buf) >= limit {
			p.rerr = p.tooLarge()
			return
		}
		p.shift(make([]byte, growCap(len(p.buf), len(p.buf)+1, limit)))
	}
	for range maxEmptyReads {
		n, err := p.r.Read(p.buf[p.end:])
		if n < 0 || n > len(p.buf)-p.end {
			p.rerr = errInvalidRead
			return
		}
		p.end += n
		if err != nil {
			p.rerr = err
			return
		}
		if n > 0 {
			return
		}
	}
	p.rerr = io.ErrNoProgress
}
