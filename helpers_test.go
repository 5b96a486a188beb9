// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/protocol"
)

// startServer runs a Hertz server on a free loopback port with the routes that
// register adds, and returns its base URL. The server is shut down when the test ends.
func startServer(t testing.TB, register func(h *server.Hertz), opts ...config.Option) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]config.Option{
		server.WithListener(ln),
		server.WithDisablePrintRoute(true),
		server.WithExitWaitTime(200 * time.Millisecond), // idle keep-alive connections hold Shutdown this long
	}, opts...)
	h := server.New(opts...)
	register(h)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = h.Run()
	}()
	waitServing(t, ln.Addr().String())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = h.Shutdown(ctx)
		<-done
	})
	return "http://" + ln.Addr().String()
}

// waitServing returns once the server at addr has answered one request. Hertz marks
// its engine running before its network loop exists, and a Shutdown in between is
// lost; a served request proves the loop is there, so cleanup never races start-up.
func waitServing(t testing.TB, addr string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET /readiness-probe HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", addr); err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(conn).ReadString('\n'); err != nil {
		t.Fatalf("server on %s did not answer: %v", addr, err)
	}
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

// forceClose closes a streamed response's connection without draining the body.
func forceClose(resp *protocol.Response) {
	if fc, ok := resp.BodyStream().(interface{ ForceClose() error }); ok {
		_ = fc.ForceClose()
	}
}

// within fails the test if ch does not deliver within d; it guards against hangs and
// is never how a test waits for something to be ready.
func within[T any](t testing.TB, d time.Duration, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("timed out after %v waiting for %s", d, what)
		panic("unreachable")
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
