// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/network"
)

// Stream writes events to one client.
//
// A Stream is safe for concurrent use: each call writes one whole block with one
// write and one flush, so events never interleave. The first failed write is sticky:
// it and every later call return the same error. After [Stream.Close], or once the
// handler that created the Stream has returned, every call returns [ErrStreamClosed].
//
// A Stream lives no longer than its handler: Hertz finishes the response when the
// handler returns, and the Stream is closed with it. Do not write to it from a
// goroutine that outlives the handler; use a [Hub] for that.
type Stream struct {
	mu     sync.Mutex
	w      network.ExtWriter
	err    error // first failure, or ErrStreamClosed; every later call returns it
	closed bool
	// finished, set once Hertz has finished the response, keeps abort from touching
	// a connection that has moved on to another request; guarded by abortMu.
	finished bool

	heartbeat *heartbeat
	batch     *batcher // nil unless WithBatching
	// onWriteError, set by WithOnWriteError, is called once, with the lock held, when
	// a write first fails.
	onWriteError func(error)
	log          logger

	// conn lets abort cut the connection under a write that blocks on a client that
	// reads nothing.
	conn    network.Conn
	abortMu sync.Mutex
}

// NewStream turns the response of c into an event stream and returns the Stream that
// writes to it.
//
// It sets Content-Type to text/event-stream, Cache-Control to no-cache and
// X-Accel-Buffering to no (so that nginx does not buffer events), the last two only if
// the handler has not set them, removes any Content-Encoding (a middleware's coding
// would hold events back; only [WithCompression] compresses, flushing every event),
// keeps any status code the handler set, and sends the response header at once so
// that the client sees the stream open. Set the status and headers before calling
// NewStream; later changes are not sent.
//
// Calling NewStream again for the same request returns the same Stream.
func NewStream(c *app.RequestContext, opts ...StreamOption) *Stream {
	if h, ok := c.Response.GetHijackWriter().(*hertzWriter); ok {
		return h.s
	}
	o := newStreamOptions(opts)
	h := &c.Response.Header
	h.SetContentType("text/event-stream")
	// Events are written as they come: a Content-Encoding set by a middleware would
	// make the client misread every byte.
	h.Del("Content-Encoding")
	gzipped := o.compression && negotiateGzip(c)
	if len(h.Peek("Cache-Control")) == 0 {
		h.Set("Cache-Control", "no-cache")
	}
	if len(h.Peek("X-Accel-Buffering")) == 0 {
		h.Set("X-Accel-Buffering", "no")
	}
	s := &Stream{onWriteError: o.onWriteError, log: o.log}
	conn := c.GetWriter()
	if conn == nil {
		s.err = fmt.Errorf("sse: stream to %s: request has no connection to write to", remoteOf(c))
		s.closed = true
		return s
	}
	s.conn = c.GetConn()
	hw := &hertzWriter{ExtWriter: &chunkedWriter{r: &c.Response, w: conn}, s: s}
	c.Response.HijackWriter(hw)
	s.w = hw.ExtWriter
	if gzipped {
		s.w = newGzipWriter(hw.ExtWriter)
	}
	if !o.holdHeader {
		// A zero-length write sends only the response header.
		_ = s.write(nil)
	}
	s.start(o)
	return s
}

// NewStreamWithWriter returns a Stream that writes events to w, for transports other
// than a Hertz response and for tests. After each event it calls w's Flush method if w
// has one (Flush() error or Flush()). Close does not close w. With [WithCompression]
// everything written to w is gzip-encoded, and Close writes the gzip trailer.
func NewStreamWithWriter(w io.Writer, opts ...StreamOption) *Stream {
	o := newStreamOptions(opts)
	s := &Stream{w: plainWriter{w}, onWriteError: o.onWriteError, log: o.log}
	if o.compression {
		s.w = newGzipWriter(s.w)
	}
	s.start(o)
	return s
}

func (s *Stream) start(o streamOptions) {
	// The heartbeat's timer and the batch writer take the lock: they start with the
	// Stream fully set up.
	s.mu.Lock()
	defer s.mu.Unlock()
	if o.batching {
		s.startBatching()
	}
	if o.heartbeat > 0 {
		s.heartbeat = startHeartbeat(s, o.heartbeat, o.clock)
	}
}

// peer names the stream's client in errors: the connection's remote address, looked
// up only when an error needs it (a stream keeps no copy), or "writer" for a Stream of
// NewStreamWithWriter.
func (s *Stream) peer() string {
	if s.conn == nil {
		return "writer"
	}
	if addr := s.conn.RemoteAddr(); addr != nil {
		return addr.String()
	}
	return "unknown client"
}

func remoteOf(c *app.RequestContext) string {
	if c.GetConn() == nil {
		return "unknown client"
	}
	return c.RemoteAddr().String()
}

// Publish writes e to the client with one write and one flush.
//
// It returns an error wrapping [ErrInvalidID], [ErrInvalidEventName] or
// [ErrInvalidRetry] if e cannot be encoded as it is (nothing is written then, and the
// stream stays usable), [ErrStreamClosed] after Close, or the first write error.
func (s *Stream) Publish(e *Event) error {
	if e == nil {
		return errors.New("sse: publish of a nil event")
	}
	buf := getBuffer()
	defer putBuffer(buf)
	var err error
	if buf.b, err = appendEvent(buf.b, e); err != nil {
		return err
	}
	return s.write(buf.b)
}

// SendComment writes text as a comment, one comment line per line of text.
// Clients ignore comments; they keep an idle connection open through proxies.
func (s *Stream) SendComment(text string) error {
	buf := getBuffer()
	defer putBuffer(buf)
	buf.b = appendComment(buf.b, text)
	return s.write(buf.b)
}

// SetRetry tells the client to wait d before reconnecting after the stream ends.
// It writes a block that dispatches no event. d is sent in whole milliseconds;
// a negative d returns an error wrapping [ErrInvalidRetry].
func (s *Stream) SetRetry(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%w: %v", ErrInvalidRetry, d)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	buf.b = appendRetry(buf.b, d)
	return s.write(buf.b)
}

// SetLastEventID sets the client's last event ID to id without dispatching an event,
// so that a client cut off before its next event resumes from id; an empty id resets
// it. It writes a block with only an id field. An id containing CR, LF or NUL returns
// an error wrapping [ErrInvalidID] and writes nothing.
func (s *Stream) SetLastEventID(id string) error {
	if hasLineEnd(id, true) {
		return fmt.Errorf("%w: %q", ErrInvalidID, id)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	buf.b = appendIDOnly(buf.b, id)
	return s.write(buf.b)
}

// Close ends the stream: it stops the heartbeat and sends the end of the response
// body, so the client sees a clean end of stream. Later writes return
// [ErrStreamClosed]. Close is safe to call more than once and concurrently with
// writes; only the first call does anything.
func (s *Stream) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.batch; b != nil && !s.closed {
		// Let the writer send what is pending first; it needs the lock to do so.
		b.stopLocked()
		s.mu.Unlock()
		<-b.done
		s.mu.Lock()
	}
	return s.closeLocked()
}

func (s *Stream) closeLocked() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.heartbeat.stop()
	failed := s.err != nil
	if !failed {
		s.err = ErrStreamClosed
	}
	if err := s.w.Finalize(); err != nil && !failed {
		return fmt.Errorf("sse: stream to %s: close: %w", s.peer(), err)
	}
	return nil
}

// write sends p with one write and one flush. An empty p flushes only.
func (s *Stream) write(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeLocked(p)
}

func (s *Stream) writeLocked(p []byte) error {
	if s.err != nil {
		return s.err
	}
	if s.batch != nil && len(p) > 0 {
		return s.batch.queueLocked(s, p)
	}
	if _, err := s.w.Write(p); err != nil {
		return s.failLocked(err)
	}
	if err := s.w.Flush(); err != nil {
		return s.failLocked(err)
	}
	s.heartbeat.wrote()
	return nil
}

// Abort cuts the connection to the client, so that a write blocked on a client that
// reads nothing returns with an error; the handler then sees its client gone. It
// implements [Aborter]: it never blocks, and does nothing once Hertz has finished the
// response (the connection may serve another request then) or for a Stream made by
// [NewStreamWithWriter].
func (s *Stream) Abort() {
	s.abortMu.Lock()
	defer s.abortMu.Unlock()
	if !s.finished && s.conn != nil {
		_ = s.conn.Close()
	}
}

// WriteEncoded writes p, whole blocks of an event stream as [Event.AppendText] encodes
// them, with one write and one flush, as Publish does for one event; it implements
// [EncodedWriter], through which a Hub writes each event it encoded once for all its
// clients. Nothing checks p: bytes that are not whole blocks corrupt the stream.
func (s *Stream) WriteEncoded(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	return s.write(p)
}

func (s *Stream) failLocked(err error) error {
	s.err = fmt.Errorf("sse: stream to %s: write: %w", s.peer(), err)
	if s.onWriteError != nil {
		s.onWriteError(s.err)
	}
	return s.err
}

// hertzWriter is the writer a Stream installs as the response's hijack writer.
// Hertz calls its Finalize when the handler returns, which closes the Stream under its
// lock: a heartbeat or a late writer can then never touch a recycled connection.
type hertzWriter struct {
	network.ExtWriter
	s *Stream
}

// Write keeps anything but the Stream from writing into the event stream.
func (w *hertzWriter) Write(p []byte) (int, error) {
	w.SetBody(p)
	return len(p), nil
}

// SetBody drops a body set on the response after the stream started (for example by
// an error handler), which would otherwise corrupt the stream.
func (w *hertzWriter) SetBody(p []byte) {
	w.s.log.warnf(context.Background(), "sse: stream to %s: dropped %d bytes of response body written after the event stream started", w.s.peer(), len(p))
}

func (w *hertzWriter) Finalize() error {
	err := w.s.Close()
	w.s.abortMu.Lock()
	w.s.finished = true
	w.s.abortMu.Unlock()
	return err
}

// plainWriter adapts an io.Writer for NewStreamWithWriter.
type plainWriter struct{ io.Writer }

func (w plainWriter) Flush() error {
	switch f := w.Writer.(type) {
	case interface{ Flush() error }:
		return f.Flush()
	case interface{ Flush() }:
		f.Flush()
	}
	return nil
}

func (plainWriter) Finalize() error { return nil }
