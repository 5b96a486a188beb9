// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"compress/gzip"
	"strings"
	"sync"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/network"
)

// gzipLevel is the compress/flate level of compressed streams. Level 1 (BestSpeed)
// codes each flush of fewer than 128 bytes with Huffman codes alone and forgets what
// came before, so token-sized events would grow; level 2 keeps the 32 KiB window
// across flushes, so that an event is coded against the events before it, and on
// 5 KiB JSON documents it takes a third to a sixth of the default level's CPU time for
// about a fifth more bytes.
const gzipLevel = 2

// negotiateGzip prepares the response of c for WithCompression and reports whether
// the stream is to be gzip-encoded: when the request's Accept-Encoding allows gzip, it
// sets Content-Encoding: gzip. Either way it adds Accept-Encoding to Vary, since the
// response depends on it.
func negotiateGzip(c *app.RequestContext) bool {
	h := &c.Response.Header
	var vary []string
	for _, v := range h.PeekAll("Vary") {
		vary = append(vary, string(v))
	}
	if !listHas(vary, "Accept-Encoding") && !listHas(vary, "*") {
		h.Del("Vary")
		h.Set("Vary", strings.Join(append(vary, "Accept-Encoding"), ", "))
	}
	if !acceptsGzip(c.Request.Header.PeekAll("Accept-Encoding")) {
		return false
	}
	h.SetContentEncoding("gzip")
	return true
}

// listHas reports whether one of the comma-separated header values lists token, in
// any case.
func listHas(values []string, token string) bool {
	for _, v := range values {
		for item := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(item), token) {
				return true
			}
		}
	}
	return false
}

// gzipWriter gzip-encodes what a Stream writes onto the writer below it: the
// response's chunked body writer, or the writer of NewStreamWithWriter.
//
// Each Flush ends the compressed data written so far with a sync flush, so that the
// client can decode every event as soon as it arrives, and hands the compressed bytes
// to the writer below in one Write: compress/flate writes in small pieces, and each
// Write on a chunked writer is a chunk of its own. Finalize writes the gzip trailer
// before the writer below ends the body. Like the writer below, a gzipWriter is used
// by one goroutine at a time: under the Stream's lock, or by its batch writer.
type gzipWriter struct {
	dst   network.ExtWriter
	gz    *pooledGzip // nil once finalized
	dirty bool        // data written since the last flush
}

// pooledGzip is a gzip.Writer and the buffer it writes into. Its compressor holds
// compress/flate's window and hash tables, about 800 KiB, which is why it is pooled.
type pooledGzip struct {
	zw  *gzip.Writer
	out []byte // compressed bytes not yet handed to the writer below
}

// Write collects the compressed bytes of zw.
func (p *pooledGzip) Write(b []byte) (int, error) {
	p.out = append(p.out, b...)
	return len(b), nil
}

// maxPooledOut bounds the buffer that a pooledGzip keeps in the pool: a Stream that
// wrote one huge batch must not pin its buffer for ever.
const maxPooledOut = 256 << 10

var gzipPool = sync.Pool{New: func() any {
	p := &pooledGzip{}
	p.zw, _ = gzip.NewWriterLevel(p, gzipLevel) // the level is valid
	return p
}}

func newGzipWriter(dst network.ExtWriter) *gzipWriter {
	p := gzipPool.Get().(*pooledGzip)
	p.zw.Reset(p)
	p.out = p.out[:0]
	return &gzipWriter{dst: dst, gz: p}
}

// Write compresses p. An empty p is passed on as it is: on a chunked writer it sends
// the response header.
func (w *gzipWriter) Write(p []byte) (int, error) {
	if len(p) == 0 || w.gz == nil {
		return w.dst.Write(p)
	}
	w.dirty = true
	return w.gz.zw.Write(p)
}

// Flush sends everything written so far, compressed and sync-flushed, with one Write
// and one Flush of the writer below.
func (w *gzipWriter) Flush() error {
	if w.dirty {
		w.dirty = false
		if err := w.gz.zw.Flush(); err != nil {
			return err
		}
		if err := w.send(w.gz); err != nil {
			return err
		}
	}
	return w.dst.Flush()
}

// send hands the compressed bytes that p collected to the writer below.
func (w *gzipWriter) send(p *pooledGzip) error {
	_, err := w.dst.Write(p.out)
	p.out = p.out[:0]
	return err
}

// Finalize ends the gzip data with its trailer, returns the compressor to the pool,
// and finalizes the writer below. It is safe to call more than once.
func (w *gzipWriter) Finalize() error {
	var err error
	if p := w.gz; p != nil {
		w.gz = nil
		if err = p.zw.Close(); err == nil {
			err = w.send(p)
		}
		p.out = p.out[:0]
		if cap(p.out) > maxPooledOut {
			p.out = nil
		}
		gzipPool.Put(p)
	}
	if ferr := w.dst.Finalize(); err == nil {
		err = ferr
	}
	return err
}
