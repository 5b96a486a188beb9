// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"compress/gzip"
	"context"
	"io"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// readRawBody reads the whole body of resp, decoding it if it is gzip-coded.
func readRawBody(t *testing.T, resp *rawResponse) string {
	t.Helper()
	var r io.Reader = resp.body
	if resp.header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	return string(readAll(t, r))
}

func TestCompressionNegotiatesAcceptEncoding(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/sse": func(ctx context.Context, c *app.RequestContext) {
			_ = sse.NewStream(c, sse.WithCompression()).Publish(&sse.Event{Data: []byte("x")})
		},
		"/plain": func(ctx context.Context, c *app.RequestContext) {
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
		},
	})
	for _, tc := range []struct {
		name   string
		fields []string // Accept-Encoding field values, one field each
		gzip   bool
	}{
		{"no field", nil, false},
		{"empty field", []string{""}, false},
		{"gzip", []string{"gzip"}, true},
		{"upper case", []string{"GZIP"}, true},
		{"x-gzip", []string{"x-gzip"}, true},
		{"browsers", []string{"gzip, deflate, br, zstd"}, true},
		{"other codings only", []string{"deflate, br, zstd"}, false},
		{"q=0", []string{"gzip;q=0"}, false},
		{"q=0.000 with spaces", []string{"gzip ; q=0.000"}, false},
		{"smallest weight", []string{"gzip;q=0.001"}, true},
		{"q=1.0", []string{"gzip;Q=1.0"}, true},
		{"q=0.", []string{"gzip;q=0."}, false},
		{"star", []string{"*"}, true},
		{"star refused", []string{"*;q=0"}, false},
		{"gzip refused, star allowed", []string{"gzip;q=0, *"}, false},
		{"star covers gzip and identity alike", []string{"br, *;q=0.1"}, true},
		{"identity only", []string{"identity"}, false},
		{"identity preferred", []string{"gzip;q=0.5, identity"}, false},
		{"identity preferred through star", []string{"gzip;q=0.5, *"}, false},
		{"tie goes to gzip", []string{"gzip;q=0.5, identity;q=0.5"}, true},
		{"identity refused", []string{"identity;q=0, gzip;q=0.2"}, true},
		{"weight above 1 ignored", []string{"gzip;q=2"}, false},
		{"malformed weight ignored", []string{"gzip;q=abc"}, false},
		{"four decimals ignored", []string{"gzip;q=0.5555"}, false},
		{"malformed gzip weight, star allowed", []string{"gzip;q=x, *"}, true},
		{"listed twice, refused once", []string{"gzip, gzip;q=0"}, false},
		{"two fields", []string{"br", "gzip"}, true},
		{"two fields, refused in the second", []string{"gzip", "gzip;q=0"}, false},
		{"spaces", []string{"  gzip  ;  q=0.8  "}, true},
		{"empty elements", []string{",, gzip ,"}, true},
		{"other parameter", []string{"gzip;level=9"}, true},
		{"x-gzip refused", []string{"compress, x-gzip;q=0"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			for _, f := range tc.fields {
				header = append(header, "Accept-Encoding: "+f)
			}
			resp := rawGet(t, url, "/sse", header...)
			want := ""
			if tc.gzip {
				want = "gzip"
			}
			assert.DeepEqual(t, want, resp.header.Get("Content-Encoding"))
			assert.DeepEqual(t, []string{"Accept-Encoding"}, resp.header.Values("Vary"))
			assert.DeepEqual(t, "data: x\n\n", readRawBody(t, resp))

			// Without the option, the stream is plain whatever the client accepts.
			resp = rawGet(t, url, "/plain", header...)
			assert.DeepEqual(t, "", resp.header.Get("Content-Encoding"))
			assert.DeepEqual(t, 0, len(resp.header.Values("Vary")))
			assert.DeepEqual(t, "data: x\n\n", readRawBody(t, resp))
		})
	}
}

func TestCompressionAddsToVary(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		c.QueryArgs().VisitAll(func(k, v []byte) {
			if string(k) == "vary" {
				c.Response.Header.Add("Vary", string(v))
			}
		})
		_ = sse.NewStream(c, sse.WithCompression()).Publish(&sse.Event{Data: []byte("x")})
	})
	for _, tc := range []struct{ name, query, want string }{
		{"none", "", "Accept-Encoding"},
		{"another", "?vary=Origin", "Origin, Accept-Encoding"},
		{"two fields", "?vary=Origin&vary=Cookie", "Origin, Cookie, Accept-Encoding"},
		{"already there", "?vary=Origin,%20accept-encoding", "Origin, accept-encoding"},
		{"star", "?vary=*", "*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := rawGet(t, url, "/sse"+tc.query, "Accept-Encoding: gzip")
			assert.DeepEqual(t, []string{tc.want}, resp.header.Values("Vary"))
			assert.DeepEqual(t, "gzip", resp.header.Get("Content-Encoding"))
			assert.DeepEqual(t, "data: x\n\n", readRawBody(t, resp))
		})
	}
}

// A Content-Encoding set before the stream starts, by a compression middleware say,
// is removed: only WithCompression compresses, and it sets its own.
func TestStreamRemovesAForeignContentEncoding(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/plain": func(ctx context.Context, c *app.RequestContext) {
			c.Response.Header.SetContentEncoding("br")
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
		},
		"/gzip": func(ctx context.Context, c *app.RequestContext) {
			c.Response.Header.SetContentEncoding("br")
			_ = sse.NewStream(c, sse.WithCompression()).Publish(&sse.Event{Data: []byte("x")})
		},
	})
	for path, want := range map[string]string{"/plain": "", "/gzip": "gzip"} {
		resp := rawGet(t, url, path, "Accept-Encoding: gzip, br")
		assert.DeepEqual(t, want, resp.header.Get("Content-Encoding"))
		assert.DeepEqual(t, "data: x\n\n", readRawBody(t, resp))
	}
	resp := rawGet(t, url, "/gzip", "Accept-Encoding: br")
	assert.DeepEqual(t, "", resp.header.Get("Content-Encoding"))
	assert.DeepEqual(t, "data: x\n\n", readRawBody(t, resp))
}
