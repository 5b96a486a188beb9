// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"io"
	"time"
)

// defaultMaxSize is the size limit used when New is given a non-positive one.
const defaultMaxSize = 1 << 16

// Fields is one dispatched event. Its slices are views into the Parser's
// buffers and are valid only until the next call to Next.
type Fields struct {
	// ID is the value of the last valid id field of this event's block, or
	// nil if the block had none. It is empty for an id field with an
	// empty value.
	ID []byte
	// HasID reports whether the block had a valid id field, that is one
	// whose value contains no NUL byte.
	HasID bool
	// Type is the event type buffer: the value of the last event field of
	// the block, empty if there was none. Callers default an empty Type
	// to "message".
	Type []byte
	// Data is the data buffer with its single trailing LF removed: the
	// values of the block's data fields joined with LF.
	Data []byte
	// Retry is the last valid retry value of the block, if HasRetry.
	Retry time.Duration
	// HasRetry reports whether the block had a valid retry field.
	HasRetry bool
	// Control marks a block without data that set the last event ID or the retry
	// time: it dispatches no event, and Next returns it only after
	// ReportControlBlocks.
	Control bool
}

// value is a field value that is either a view into the read buffer or
// held in its own storage.
type value struct {
	b     []byte
	own   []byte
	inBuf bool
}

func (v *value) setView(b []byte) { v.b, v.inBuf = b, true }

// detach copies a view out of the read buffer before the buffer changes.
func (v *value) detach() {
	if v.inBuf {
		v.own = append(v.own[:0], v.b...)
		v.b, v.inBuf = v.own, false
	}
}

func (v *value) reset() { v.b, v.inBuf = nil, false }

// Parser decodes one event stream. It is not safe for concurrent use.
type Parser struct {
	r   io.Reader
	max int

	buf        []byte // read buffer; buf[start:end] is unconsumed input
	start, end int
	lf, cr     scan
	skipLF     bool  // the last line ended in CR at the end of the input seen so far
	bomDone    bool  // the start of the stream has been checked for a BOM
	rerr       error // read error, reported once the buffered lines are used up
	fail       error // terminal error returned by every further call to Next

	// The event being assembled from the current block of lines.
	data       value
	hasData    bool
	typ        value
	id         value
	hasID      bool
	blockRetry time.Duration
	blockHasRT bool

	lastID   []byte
	retry    time.Duration
	hasRetry bool

	reportControl bool
	onComment     func(text []byte)
}

// New returns a Parser reading the event stream from r, which must not be
// nil. maxSize bounds the length of one line (without its terminator) and
// of one event's data; maxSize <= 0 means 64 KiB. The parser's memory use
// is a small multiple of maxSize, plus a constant, whatever the input.
func New(r io.Reader, maxSize int) *Parser {
	if maxSize <= 0 {
		maxSize = defaultMaxSize
	}
	p := &Parser{
		max:    maxSize,
		buf:    make([]byte, max(min(maxSize, maxInitialBufSize), minBufSize)),
		lastID: make([]byte, 0, 32),
	}
	p.lf.c, p.cr.c = '\n', '\r'
	p.Reset(r)
	return p
}

// Reset makes p parse a new stream from r, keeping its buffers. All other
// state is cleared: the new stream may start with a BOM again, and the
// last event ID and the retry value are forgotten. A client that
// reconnects keeps the last event ID itself.
func (p *Parser) Reset(r io.Reader) {
	p.r = r
	p.start, p.end = 0, 0
	p.lf.reset()
	p.cr.reset()
	p.skipLF, p.bomDone = false, false
	p.rerr, p.fail = nil, nil
	p.resetBlock()
	p.lastID = p.lastID[:0]
	p.retry, p.hasRetry = 0, false
}

// Next returns the next dispatched event. At the end of the stream it
// returns io.EOF, discarding an event that was not terminated by an empty
// line. If a line or an event's data exceeds the size limit it returns an
// error wrapping ErrTooLarge. A read error other than io.EOF is returned
// unchanged once every event completed before it has been returned. After
// an error, every further call returns the same error.
func (p *Parser) Next() (Fields, error) {
	if p.fail != nil {
		return Fields{}, p.fail
	}
	for {
		if !p.bomDone && !p.skipBOM() {
			p.fill()
			continue
		}
		line, ok := p.line()
		if !ok {
			switch {
			case p.end-p.start > p.max:
				p.fail = p.tooLarge()
			case p.rerr != nil:
				p.fail = p.rerr
			default:
				p.fill()
				continue
			}
			return Fields{}, p.fail
		}
		if len(line) > p.max {
			p.fail = p.tooLarge()
			return Fields{}, p.fail
		}
		if len(line) == 0 {
			if f, ok := p.dispatch(); ok {
				return f, nil
			}
			continue
		}
		if err := p.field(line); err != nil {
			p.fail = err
			return Fields{}, err
		}
	}
}

// ReportControlBlocks makes Next also return the blocks that carry no data but set the
// last event ID or the retry time, marked Control, for a caller that forwards the
// stream as it is (a proxy). A browser dispatches nothing for them.
func (p *Parser) ReportControlBlocks() { p.reportControl = true }

// SetLastEventID sets the last event ID the stream starts from, for a client that
// reconnects: the standard keeps the last event ID across connections, so events
// without an id field carry it until the stream sets another.
func (p *Parser) SetLastEventID(id string) { p.lastID = append(p.lastID[:0], id...) }

// OnComment makes Next call fn with the text of every comment line, after the colon
// and one leading space, in stream order: a comment is reported before the event
// whose block it precedes or sits in. text is valid only during the call.
func (p *Parser) OnComment(fn func(text []byte)) { p.onComment = fn }

// LastEventID returns the last event ID: the value of the last valid id
// field of a block that was terminated by an empty line, whether or not
// that block dispatched an event. It persists across events and is empty
// until an id field is seen. The slice is valid until the next call to
// Next or Reset.
func (p *Parser) LastEventID() []byte { return p.lastID }

// Retry returns the last valid retry value seen so far in the stream, in
// any block, including blocks that dispatched nothing or have not ended
// yet, and whether there was one.
func (p *Parser) Retry() (time.Duration, bool) { return p.retry, p.hasRetry }

func (p *Parser) tooLarge() error { return &limitError{limit: p.max} }
