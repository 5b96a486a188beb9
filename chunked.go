// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/cloudwego/hertz/pkg/network"
	"github.com/cloudwego/hertz/pkg/protocol"
)

// chunkedWriter writes a Hertz response as an HTTP/1.1 chunked body: the response
// header on the first write, then one chunk per write, then the last chunk on
// Finalize. It does what Hertz's own chunked writer does, without keeping anything
// per stream once the header is out: Hertz's writer records Transfer-Encoding among
// the response's headers and keeps the rendered header in the response, which an
// idle stream would hold for its whole life.
type chunkedWriter struct {
	r         *protocol.Response
	w         network.Writer
	wroteHead bool
	finalized bool
	err       error // the first failure; every later call returns it
}

var errStreamFinalized = errors.New("chunked response already finished")

// chunkTail ends every chunk; lastChunk ends the body (no trailer).
var (
	chunkTail = []byte("\r\n")
	lastChunk = []byte("0\r\n\r\n")
)

// inlineChunk is the largest chunk copied into the connection's buffer together with
// its framing; a larger one is handed to the connection as it is, without a copy.
const inlineChunk = 4 << 10

// Write sends p as one chunk, after the response header if it has not gone yet. An
// empty p sends only the header: an empty chunk would end the body.
func (c *chunkedWriter) Write(p []byte) (int, error) {
	if c.finalized {
		return 0, errStreamFinalized
	}
	if err := c.writeHead(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if err := c.writeChunk(p); err != nil {
		c.err = err
		return 0, err
	}
	return len(p), nil
}

func (c *chunkedWriter) writeChunk(p []byte) error {
	size := len(p)
	head := chunkHeadLen(size)
	if size > inlineChunk {
		b, err := c.w.Malloc(head)
		if err != nil {
			return err
		}
		appendChunkHead(b[:0], size)
		if _, err := c.w.WriteBinary(p); err != nil {
			return err
		}
		_, err = c.w.WriteBinary(chunkTail)
		return err
	}
	b, err := c.w.Malloc(head + size + len(chunkTail))
	if err != nil {
		return err
	}
	b = appendChunkHead(b[:0], size)
	b = append(b, p...)
	_ = append(b, chunkTail...)
	return nil
}

// chunkHeadLen is the length of a chunk's size line: hex digits and CRLF.
func chunkHeadLen(size int) int {
	n := 1
	for s := size >> 4; s > 0; s >>= 4 {
		n++
	}
	return n + 2
}

func appendChunkHead(dst []byte, size int) []byte {
	dst = strconv.AppendUint(dst, uint64(size), 16)
	return append(dst, '\r', '\n')
}

// writeHead writes the response header with Transfer-Encoding: chunked. The header is
// rendered into a pooled buffer and copied into the connection's: the response keeps
// no copy of it.
func (c *chunkedWriter) writeHead() error {
	if c.wroteHead {
		return c.err
	}
	c.wroteHead = true
	h := &c.r.Header
	if h.ContentLength() != 0 {
		// A stream has no length; the chunked framing is what ends it.
		h.Del("Content-Length")
	}
	buf := getBuffer()
	defer putBuffer(buf)
	head := h.AppendBytes(buf.b)
	// AppendBytes ends the header with an empty line: the framing goes before it.
	head = append(bytes.TrimSuffix(head, chunkTail), "Transfer-Encoding: chunked\r\n\r\n"...)
	buf.b = head
	b, err := c.w.Malloc(len(head))
	if err != nil {
		c.err = err
		return err
	}
	h.SetHeaderLength(copy(b, head))
	return nil
}

// Flush sends what has been written.
func (c *chunkedWriter) Flush() error {
	if c.err != nil {
		return c.err
	}
	if err := c.w.Flush(); err != nil {
		c.err = err
	}
	return c.err
}

// Finalize writes the last chunk and flushes, once.
func (c *chunkedWriter) Finalize() error {
	if c.finalized || c.err != nil {
		return c.err
	}
	c.finalized = true
	if err := c.writeHead(); err != nil {
		return err
	}
	if _, err := c.w.WriteBinary(lastChunk); err != nil {
		c.err = err
		return err
	}
	return c.Flush()
}
