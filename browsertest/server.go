// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
)

// StartServer runs a Hertz server on a free port of 127.0.0.1 with the routes that
// register adds, and returns its base URL, such as "http://127.0.0.1:34567". opts
// come after the defaults, so they can override them. The server is shut down when
// the test ends, after any browser launched later in the test has been stopped.
func StartServer(t testing.TB, register func(h *server.Hertz), opts ...config.Option) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("browsertest: listen: %v", err)
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
	if err := waitServing(ln.Addr().String(), done); err != nil {
		t.Fatalf("browsertest: server did not start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), WaitTimeout)
		defer cancel()
		_ = h.Shutdown(ctx)
		<-done
	})
	return "http://" + ln.Addr().String()
}

// waitServing returns once the server at addr has answered a request, whatever the
// status: only then can Shutdown stop it. Hertz v0.10.4 reports IsRunning before its
// event loop exists, and a Shutdown in that window returns at once and leaves Run
// blocked for ever. done is closed if the server stops.
func waitServing(addr string, done <-chan struct{}) error {
	conn, err := net.DialTimeout("tcp", addr, WaitTimeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(WaitTimeout))
	answered := make(chan error, 1)
	go func() {
		_, err := io.WriteString(conn, "GET /browsertest-ready HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n")
		if err == nil {
			var status string
			status, err = bufio.NewReader(conn).ReadString('\n')
			if err == nil && !strings.HasPrefix(status, "HTTP/1.1 ") {
				err = fmt.Errorf("unexpected answer %q", status)
			}
		}
		answered <- err
	}()
	select {
	case err := <-answered:
		return err
	case <-done:
		conn.Close() // ends the reader
		<-answered
		return errors.New("server stopped while starting")
	}
}
