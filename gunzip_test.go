// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/protocol"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// codingSeen is what a handler saw of a request and what it answered.
type codingSeen struct {
	acceptEncoding []string
	contentCoding  string
}

func TestClientCompressionRoundTrip(t *testing.T) {
	var mu sync.Mutex
	var seen []codingSeen
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		var r codingSeen
		for _, v := range c.Request.Header.PeekAll("Accept-Encoding") {
			r.acceptEncoding = append(r.acceptEncoding, string(v))
		}
		s := sse.NewStream(c, sse.WithCompression())
		r.contentCoding = string(c.Response.Header.ContentEncoding())
		mu.Lock()
		seen = append(seen, r)
		mu.Unlock()
		for i, d := range trickyData {
			if err := s.Publish(&sse.Event{ID: fmt.Sprint(i), Data: []byte(d)}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for _, tc := range []struct {
		name string
		opts []sse.ClientOption
		want codingSeen
	}{
		{"asked", []sse.ClientOption{sse.WithClientCompression()}, codingSeen{[]string{"gzip"}, "gzip"}},
		{"asked, in place of a header of its own", []sse.ClientOption{
			sse.WithHeaders(map[string]string{"Accept-Encoding": "br"}), sse.WithClientCompression(),
		}, codingSeen{[]string{"gzip"}, "gzip"}},
		{"not asked", nil, codingSeen{nil, ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			seen = nil
			mu.Unlock()
			opts := append([]sse.ClientOption{sse.WithMaxBufferSize(1 << 20)}, tc.opts...)
			events, err := collect(t, context.Background(), sse.NewClient(url+"/sse", opts...))
			assert.Nil(t, err) // a clean end: the gzip trailer was there and right
			assert.DeepEqual(t, len(trickyData), len(events))
			for i, e := range events {
				assert.DeepEqual(t, normalizeLineEnds(trickyData[i]), string(e.Data))
				assert.DeepEqual(t, fmt.Sprint(i), e.ID)
			}
			mu.Lock()
			defer mu.Unlock()
			assert.DeepEqual(t, []codingSeen{tc.want}, seen)
		})
	}
}

// gzipped returns s gzip-coded; unless closed, without its end and trailer.
func gzipped(t *testing.T, s string, closed bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = io.WriteString(zw, s)
	var err error
	if closed {
		err = zw.Close()
	} else {
		err = zw.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// codedHandler answers an event stream whose body is body, with Content-Encoding ce.
func codedHandler(ce string, body []byte) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		c.Response.Header.SetContentEncoding(ce)
		c.Data(200, sse.ContentType, body)
	}
}

func TestClientDecodesGzipItDidNotAskFor(t *testing.T) {
	const stream = "id: 1\ndata: one\n\n: a comment\ndata: two\n\n"
	url := testkit.Serve(t, testkit.Routes{
		"/gzip":          codedHandler("gzip", gzipped(t, stream, true)),
		"/x-gzip":        codedHandler("x-gzip", gzipped(t, stream, true)),
		"/upper":         codedHandler("GZIP", gzipped(t, stream, true)),
		"/with-identity": codedHandler("identity, gzip", gzipped(t, stream, true)),
		"/identity":      codedHandler("identity", []byte(stream)),
		"/empty-gzip":    codedHandler("gzip", nil),
	})
	for _, path := range []string{"/gzip", "/x-gzip", "/upper", "/with-identity", "/identity"} {
		t.Run(path, func(t *testing.T) {
			events, err := collect(t, context.Background(), sse.NewClient(url+path))
			assert.Nil(t, err)
			assert.DeepEqual(t, 2, len(events))
			assert.DeepEqual(t, "one", string(events[0].Data))
			assert.DeepEqual(t, "two", string(events[1].Data))
			assert.DeepEqual(t, "1", events[1].ID)
		})
	}
	// An empty body is a stream that ended at once, gzip-coded or not.
	events, err := collect(t, context.Background(), sse.NewClient(url+"/empty-gzip"))
	assert.Nil(t, err)
	assert.DeepEqual(t, 0, len(events))
}

func TestClientRefusesAContentCodingItCannotDecode(t *testing.T) {
	var requests atomic.Int32
	r := testkit.Routes{}
	for _, ce := range []string{"br", "gzip, br", "gzip, gzip", "compress"} {
		r["/"+strings.ReplaceAll(ce, " ", "")] = func(ctx context.Context, c *app.RequestContext) {
			requests.Add(1)
			codedHandler(ce, []byte("data: x\n\n"))(ctx, c)
		}
	}
	url := testkit.Serve(t, r)
	for _, ce := range []string{"br", "gzip, br", "gzip, gzip", "compress"} {
		t.Run(ce, func(t *testing.T) {
			requests.Store(0)
			c := sse.NewClient(url+"/"+strings.ReplaceAll(ce, " ", ""), sse.WithClientCompression(),
				sse.WithReconnect(sse.ReconnectPolicy{Delay: -1}))
			events, err := collect(t, context.Background(), c)
			assert.DeepEqual(t, 0, len(events))
			assert.Assert(t, errors.Is(err, sse.ErrUnexpectedContentType), err)
			var re *sse.ResponseError
			assert.Assert(t, errors.As(err, &re), err)
			assert.DeepEqual(t, ce, re.ContentEncoding)
			assert.DeepEqual(t, 200, re.StatusCode)
			assert.DeepEqual(t, sse.ContentType, re.ContentType)
			assert.Assert(t, strings.Contains(err.Error(), fmt.Sprintf("unsupported Content-Encoding %q", ce)), err)
			assert.DeepEqual(t, int32(1), requests.Load()) // refused for good, not retried
		})
	}
}

func TestClientResponseCallbackDoesNotSkipTheCodingCheck(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/br":   codedHandler("br", []byte("data: x\n\n")),
		"/gzip": codedHandler("gzip", gzipped(t, "data: x\n\n", true)),
	})
	accept := sse.WithResponseCallback(func(context.Context, *protocol.Request, *protocol.Response) error { return nil })
	_, err := collect(t, context.Background(), sse.NewClient(url+"/br", accept))
	assert.Assert(t, errors.Is(err, sse.ErrUnexpectedContentType), err)
	events, err := collect(t, context.Background(), sse.NewClient(url+"/gzip", accept))
	assert.Nil(t, err)
	assert.DeepEqual(t, 1, len(events))
}

func TestClientReportsBrokenGzip(t *testing.T) {
	const stream = "data: one\n\ndata: two\n\n"
	url := testkit.Serve(t, testkit.Routes{
		"/not-gzip":  codedHandler("gzip", []byte(stream)),
		"/truncated": codedHandler("gzip", gzipped(t, stream, false)),
	})
	events, err := collect(t, context.Background(), sse.NewClient(url+"/not-gzip"))
	assert.DeepEqual(t, 0, len(events))
	assert.Assert(t, errors.Is(err, gzip.ErrHeader), err)

	// A gzip stream cut before its trailer delivers what came, then fails: it did not
	// end cleanly, and a reconnecting client would come back.
	events, err = collect(t, context.Background(), sse.NewClient(url+"/truncated"))
	assert.DeepEqual(t, 2, len(events))
	assert.Assert(t, errors.Is(err, io.ErrUnexpectedEOF), err)
	assert.Assert(t, strings.Contains(err.Error(), "sse: read "+url+"/truncated"), err)
}

// TestClientCancelsACompressedStream: cancelling a subscription to an endless
// compressed stream ends it at once, mid-stream or while the gzip header is awaited.
func TestClientCancelsACompressedStream(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/events": func(ctx context.Context, c *app.RequestContext) {
			s := sse.NewStream(c, sse.WithCompression())
			for ctx.Err() == nil {
				if s.Publish(&sse.Event{Data: []byte("tick")}) != nil {
					return
				}
			}
		},
		"/silent": func(ctx context.Context, c *app.RequestContext) {
			_ = sse.NewStream(c, sse.WithCompression())
			<-ctx.Done()
		},
	}, testkit.SenseDisconnect)
	for _, path := range []string{"/events", "/silent"} {
		t.Run(path, func(t *testing.T) {
			opened := make(chan struct{})
			c := sse.NewClient(url+path, sse.WithClientCompression(),
				sse.WithOnConnect(func(context.Context, *sse.Client) { close(opened) }))
			sub := subscribeAsync(t, c, func(*sse.Event) {})
			testkit.Within(t, 10*time.Second, opened, "the stream to open")
			sub.cancelAndWait(t)
		})
	}
}
