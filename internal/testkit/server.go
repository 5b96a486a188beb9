// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"

	"github.com/hertz-contrib/sse"
)

// Routes maps the routes of a test server to their handlers. A key is a path, served
// for GET, or a method and a path: "POST /v1/chat", or "ANY /events" for every
// method.
type Routes map[string]app.HandlerFunc

// Register adds the routes to h: it is a register function for StartServer and
// StartServerAt.
func (r Routes) Register(h *server.Hertz) {
	for route, handler := range r {
		method, path, ok := strings.Cut(route, " ")
		switch {
		case !ok:
			h.GET(route, handler)
		case method == "ANY":
			h.Any(path, handler)
		default:
			h.Handle(method, path, handler)
		}
	}
}

// Serve runs a Hertz server with routes on a free loopback port, as StartServer
// does, and returns its base URL.
func Serve(t testing.TB, routes Routes, opts ...config.Option) string {
	t.Helper()
	return StartServer(t, routes.Register, opts...)
}

// SenseDisconnect makes a server end a handler's ctx when its client goes away.
var SenseDisconnect = server.WithSenseClientDisconnection(true)

// StartServer runs a Hertz server on a free loopback port with the routes that
// register adds, and returns its base URL. The server is shut down when the test ends.
func StartServer(t testing.TB, register func(h *server.Hertz), opts ...config.Option) string {
	t.Helper()
	return StartServerAt(t, "127.0.0.1:0", register, opts...).URL
}

// Server is a Hertz server started by StartServerAt.
type Server struct {
	URL  string // http://host:port
	Addr string // host:port

	h       *server.Hertz
	done    chan struct{}
	stopped bool
}

// StartServerAt runs a Hertz server on addr (port 0 picks a free port) with the routes
// that register adds. It is shut down when the test ends, unless Stop did it before:
// a test restarts a server by stopping it and starting another on its Addr.
func StartServerAt(t testing.TB, addr string, register func(h *server.Hertz), opts ...config.Option) *Server {
	t.Helper()
	var ln net.Listener
	var err error
	if config.NewOptions(opts).TransporterNewer == nil { // Hertz's default: netpoll
		ln, err = listenNetpoll(addr)
	} else {
		ln, err = net.Listen("tcp", addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]config.Option{
		server.WithListener(ln),
		server.WithDisablePrintRoute(true),
		server.WithExitWaitTime(200 * time.Millisecond), // idle keep-alive connections hold Shutdown this long
	}, opts...)
	s := &Server{URL: "http://" + ln.Addr().String(), Addr: ln.Addr().String(), h: server.New(opts...), done: make(chan struct{})}
	register(s.h)
	go func() {
		defer close(s.done)
		_ = s.h.Run()
	}()
	WaitServing(t, s.Addr)
	t.Cleanup(s.Stop)
	return s
}

// ServeTopics serves TopicsHandler(hub, done) on /events, on a server with opts, and
// returns the server's base URL. The hub is shut down when the test ends; the test
// fails unless that takes less than 10 seconds.
func ServeTopics(t testing.TB, hub *sse.Hub, done func(err error), opts ...config.Option) string {
	t.Helper()
	url := Serve(t, Routes{"/events": TopicsHandler(hub, done)}, opts...)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hub.Shutdown(ctx); err != nil {
			t.Errorf("hub shutdown: %v", err)
		}
	})
	return url
}

// TopicsHandler serves hub for the topics that the request's "topic" query
// parameters name (?topic=a&topic=b); done, unless nil, receives the result of every
// Serve.
func TopicsHandler(hub *sse.Hub, done func(err error)) app.HandlerFunc {
	return func(ctx context.Context, c *app.RequestContext) {
		var topics []string
		c.QueryArgs().VisitAll(func(k, v []byte) {
			if string(k) == "topic" {
				topics = append(topics, string(v))
			}
		})
		err := hub.Serve(ctx, c, topics...)
		if done != nil {
			done(err)
		}
	}
}

// ServeHubAt runs a hub as the README's idiom does, on addr (port 0 picks a free
// port): hub.Serve for topics on /events, and hub.Shutdown among the server's shutdown
// hooks, so that stopping the server ends the hub's streams first.
func ServeHubAt(t testing.TB, addr string, hub *sse.Hub, topics ...string) *Server {
	t.Helper()
	return StartServerAt(t, addr, func(h *server.Hertz) {
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c, topics...) })
		h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	})
}

// Stop shuts the server down gracefully, running its shutdown hooks, and waits for it;
// it is safe to call more than once.
func (s *Server) Stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.h.Shutdown(ctx)
	<-s.done
}

// WaitServing returns once the server at addr has answered one request. Hertz marks
// its engine running before its network loop exists, and a Shutdown in between is
// lost; a served request proves the loop is there, so cleanup never races start-up.
func WaitServing(t testing.TB, addr string) {
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

// Within fails the test if ch does not deliver within d; it guards against hangs and
// is never how a test waits for something to be ready.
func Within[T any](t testing.TB, d time.Duration, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("timed out after %v waiting for %s", d, what)
		panic("unreachable")
	}
}
