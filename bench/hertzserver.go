// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
)

// readyPath is answered by every Hertz server the workloads start; a request to it
// that succeeds proves the server is serving, so that Shutdown cannot race start-up.
const readyPath = "/__ready"

// hertzServer is a Hertz server on a loopback port chosen by the kernel.
type hertzServer struct {
	h    *server.Hertz
	done chan struct{}
	// Addr is host:port; URL is "http://" + Addr.
	Addr, URL string
}

// startHertz runs a Hertz server with the routes register adds and returns once it
// answers requests.
func startHertz(register func(h *server.Hertz), opts ...config.Option) (*hertzServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: listen: %w", err)
	}
	opts = append([]config.Option{
		server.WithListener(ln),
		server.WithDisablePrintRoute(true),
		server.WithExitWaitTime(100 * time.Millisecond),
	}, opts...)
	h := server.New(opts...)
	h.GET(readyPath, func(_ context.Context, c *app.RequestContext) { c.SetStatusCode(204) })
	register(h)
	s := &hertzServer{h: h, done: make(chan struct{}), Addr: ln.Addr().String()}
	s.URL = "http://" + s.Addr
	go func() {
		defer close(s.done)
		_ = h.Run()
	}()
	if err := waitServing(s.Addr, s.done); err != nil {
		_ = ln.Close()
		<-s.done
		return nil, err
	}
	return s, nil
}

// waitServing sends one request to readyPath and waits for its answer. The listener
// exists before the server runs, so the answer is the proof that it runs.
func waitServing(addr string, stopped <-chan struct{}) error {
	answered := make(chan error, 1)
	go func() {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			answered <- err
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", readyPath, addr); err != nil {
			answered <- err
			return
		}
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err == nil && !strings.HasPrefix(line, "HTTP/1.1 204") {
			err = fmt.Errorf("unexpected answer %q", line)
		}
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			return fmt.Errorf("bench: server at %s did not start: %w", addr, err)
		}
		return nil
	case <-stopped:
		return errors.New("bench: server stopped while starting")
	}
}

// Close shuts the server down and waits for it to stop.
func (s *hertzServer) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.h.Shutdown(ctx)
	<-s.done
}
