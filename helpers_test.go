// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/protocol"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// serveSSE runs a Hertz server whose one route, GET /sse, is handler, and returns its
// base URL; the server stops when the test ends.
func serveSSE(t testing.TB, handler app.HandlerFunc, opts ...config.Option) string {
	t.Helper()
	return testkit.Serve(t, testkit.Routes{"/sse": handler}, opts...)
}

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

// subscription is a Subscribe running in the background.
type subscription struct {
	cancel context.CancelFunc
	result chan error // receives what Subscribe returned
}

// subscribeAsync runs c.SubscribeWithContext with f in the background, on a ctx that
// cancel ends, as does the end of the test.
func subscribeAsync(t testing.TB, c *sse.Client, f func(*sse.Event)) *subscription {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &subscription{cancel: cancel, result: make(chan error, 1)}
	go func() { s.result <- c.SubscribeWithContext(ctx, f) }()
	return s
}

// cancelAndWait cancels the subscription and checks that Subscribe returns
// context.Canceled within 10 seconds.
func (s *subscription) cancelAndWait(t testing.TB) {
	t.Helper()
	s.cancel()
	assert.DeepEqual(t, context.Canceled, testkit.Within(t, 10*time.Second, s.result, "Subscribe to return"))
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
