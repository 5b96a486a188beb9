// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"compress/gzip"
	"io"
	"strings"
	"sync"

	"github.com/cloudwego/hertz/pkg/protocol"
)

// bodyCoding is the content coding of a response body, as the Client reads it.
type bodyCoding int

const (
	codingIdentity bodyCoding = iota // no coding, or "identity"
	codingGzip                       // "gzip" or "x-gzip"
	codingUnknown                    // anything else, a chain of codings included
)

// codingOf reads a Content-Encoding value: a list of codings in the order they were
// applied, in which "identity" changes nothing.
func codingOf(contentEncoding string) bodyCoding {
	coding := codingIdentity
	for c := range strings.SplitSeq(contentEncoding, ",") {
		c = strings.TrimSpace(c)
		switch {
		case c == "", strings.EqualFold(c, "identity"):
		case coding == codingIdentity && (strings.EqualFold(c, "gzip") || strings.EqualFold(c, "x-gzip")):
			coding = codingGzip
		default:
			return codingUnknown
		}
	}
	return coding
}

// checkCoding refuses a response whose body is in a coding the Client cannot decode.
// Whether the Client asked for gzip or not, a gzip body is accepted.
func (s *subscription) checkCoding(resp *protocol.Response) error {
	ce := string(resp.Header.ContentEncoding())
	if codingOf(ce) != codingUnknown {
		return nil
	}
	return &ResponseError{
		Method: s.at.method, URL: s.at.url, StatusCode: resp.StatusCode(),
		ContentType: string(resp.Header.ContentType()), ContentEncoding: ce,
		Err: ErrUnexpectedContentType,
	}
}

// decodedBody returns what the parser reads of an accepted response: body, decoded
// if resp is gzip-coded, and a function that releases what decoding holds, to call
// once reading is over.
func decodedBody(resp *protocol.Response, body io.Reader) (io.Reader, func()) {
	if codingOf(string(resp.Header.ContentEncoding())) != codingGzip {
		return body, func() {}
	}
	g := &gunzipBody{r: body}
	return g, g.release
}

// gunzipBody decodes a gzip body as it is read. It takes a gzip.Reader from the pool
// at its first Read, not before: reading the gzip header waits for the first bytes of
// the body, which a stream may send only with its first event.
type gunzipBody struct {
	r  io.Reader
	zr *gzip.Reader
}

var gunzipPool sync.Pool // of *gzip.Reader, about 40 KiB each

func (g *gunzipBody) Read(p []byte) (int, error) {
	if g.zr == nil {
		zr, _ := gunzipPool.Get().(*gzip.Reader)
		if zr == nil {
			zr = new(gzip.Reader)
		}
		if err := zr.Reset(g.r); err != nil {
			gunzipPool.Put(zr)
			return 0, err // io.EOF for an empty body: a stream that ended at once
		}
		g.zr = zr
	}
	return g.zr.Read(p)
}

// release returns the gzip.Reader to the pool. Only the goroutine that reads calls it,
// once it has stopped reading.
func (g *gunzipBody) release() {
	if g.zr != nil {
		gunzipPool.Put(g.zr)
		g.zr = nil
	}
}
