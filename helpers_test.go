// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"io"
	"testing"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
)

// openStream sends a GET to url with Hertz's client and returns the streamed response.
// The body is force-closed when the test ends, so an endless stream never blocks it.
func openStream(t testing.TB, url string, headers ...string) *protocol.Response {
	t.Helper()
	c, err := client.NewClient(client.WithResponseBodyStream(true))
	if err != nil {
		t.Fatal(err)
	}
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	req.SetRequestURI(url)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if err := c.Do(context.Background(), req, resp); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { forceClose(resp) })
	return resp
}

// forceClose closes a streamed response's connection without draining the body.
func forceClose(resp *protocol.Response) {
	if fc, ok := resp.BodyStream().(interface{ ForceClose() error }); ok {
		_ = fc.ForceClose()
	}
}

// readAll reads r to its end.
func readAll(t testing.TB, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
