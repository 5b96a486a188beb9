// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// TestHubShutdownUnderLoad: Shutdown while events flow delivers what was queued, ends
// every stream cleanly and every Serve, and leaves no goroutine behind.
func TestHubShutdownUnderLoad(t *testing.T) {
	const clients, maxEvents = 50, 2000
	hub := sse.NewHub(sse.WithQueueSize(maxEvents)) // a burst, not a slow client
	results := make(chan error, clients)
	url := hubServer(t, hub, results)
	subs := make([]*testkit.Subscriber, clients)
	for i := range subs {
		subs[i] = testkit.Subscribe(t, url+"/events?topic=t")
	}

	stop := make(chan struct{})
	published := make(chan int)
	go func() {
		n := 0
		defer func() { published <- n }()
		for n < maxEvents {
			select {
			case <-stop:
				return
			default:
			}
			if err := hub.BroadcastTo(context.Background(), "t", &sse.Event{Data: []byte(fmt.Sprint(n))}); err != nil {
				if !errors.Is(err, sse.ErrHubClosed) {
					t.Error(err)
				}
				return
			}
			n++
		}
	}()
	subs[0].WaitFor(t, 100)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	assert.Nil(t, hub.Shutdown(ctx))
	close(stop)
	n := <-published
	for range clients {
		assert.Nil(t, testkit.Within(t, 10*time.Second, results, "Serve to return"))
	}
	for _, s := range subs {
		testkit.Within(t, 10*time.Second, s.Done(), "the client to see the end of the stream")
		assert.Nil(t, s.Err()) // a clean end of stream, not a broken one
		assert.DeepEqual(t, n, len(s.Data()))
	}
	assert.DeepEqual(t, 0, hub.ConnectionCount())
	assert.Assert(t, errors.Is(hub.Broadcast(context.Background(), &sse.Event{}), sse.ErrHubClosed))
}

// recordingConn is a Connection that records what it is sent.
type recordingConn struct {
	testkit.NopConn
	mu     sync.Mutex
	events []string
	got    chan struct{}
	closed bool
}

func newRecordingConn() *recordingConn { return &recordingConn{got: make(chan struct{}, 100)} }

func (c *recordingConn) Publish(e *sse.Event) error {
	c.mu.Lock()
	c.events = append(c.events, string(e.Data))
	c.mu.Unlock()
	c.got <- struct{}{}
	return nil
}
func (c *recordingConn) Close() error { c.mu.Lock(); c.closed = true; c.mu.Unlock(); return nil }
func (c *recordingConn) wait(t *testing.T, n int) []string {
	t.Helper()
	for range n {
		testkit.Within(t, 10*time.Second, c.got, "an event")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.events...)
}

func TestHubRegisterCustomConnection(t *testing.T) {
	hub := sse.NewHub()
	conn := newRecordingConn()
	assert.Nil(t, hub.Register(conn, "a"))
	assert.Assert(t, hub.Register(conn, "a") != nil) // twice is an error
	assert.DeepEqual(t, 1, hub.TopicCount("a"))

	broadcast(t, hub, "a", "a1")
	broadcast(t, hub, "b", "b1")
	assert.Nil(t, hub.Subscribe(conn, "b"))
	broadcast(t, hub, "b", "b2")
	assert.Nil(t, hub.Unsubscribe(conn, "a"))
	broadcast(t, hub, "a", "a2")
	broadcast(t, hub, "", "all")
	assert.DeepEqual(t, []string{"a1", "b2", "all"}, conn.wait(t, 3))
	assert.DeepEqual(t, 0, hub.TopicCount("a"))

	assert.Nil(t, hub.Unregister(conn))
	conn.mu.Lock()
	assert.Assert(t, !conn.closed) // Unregister leaves the connection to its owner
	conn.mu.Unlock()
	other := newRecordingConn()
	assert.Assert(t, errors.Is(hub.Unregister(other), sse.ErrNotRegistered))
	assert.Assert(t, errors.Is(hub.Subscribe(other, "a"), sse.ErrNotRegistered))
	assert.Assert(t, errors.Is(hub.Unsubscribe(other, "a"), sse.ErrNotRegistered))
	assert.Nil(t, hub.Shutdown(context.Background()))
	assert.DeepEqual(t, 0, hub.ConnectionCount())
	assert.Assert(t, errors.Is(hub.Register(other), sse.ErrHubClosed))
}

func TestHubShutdownClosesRegisteredConnections(t *testing.T) {
	hub := sse.NewHub()
	conn := newRecordingConn()
	assert.Nil(t, hub.Register(conn))
	broadcast(t, hub, "", "last")
	assert.Nil(t, hub.Shutdown(context.Background()))
	conn.mu.Lock()
	defer conn.mu.Unlock()
	assert.Assert(t, conn.closed)
	assert.DeepEqual(t, []string{"last"}, conn.events)
}

// TestGracefulShutdownWithOpenStreams: Hertz's Shutdown, with the hub registered as a
// shutdown hook, ends 1,000 open streams cleanly and finishes within its timeout.
func TestGracefulShutdownWithOpenStreams(t *testing.T) {
	const clients = 1000
	hub := sse.NewHub()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	assert.Nil(t, err)
	h := server.New(server.WithListener(ln), server.WithDisablePrintRoute(true), server.WithExitWaitTime(5*time.Second))
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c) })
	ran := make(chan struct{})
	go func() { defer close(ran); _ = h.Run() }()
	testkit.WaitServing(t, ln.Addr().String())

	url := "http://" + ln.Addr().String() + "/events"
	subs := make([]*testkit.Subscriber, clients)
	for i := range subs {
		subs[i] = testkit.Subscribe(t, url)
	}
	broadcast(t, hub, "", "before shutdown")

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	assert.Nil(t, h.Shutdown(ctx))
	<-ran
	took := time.Since(start)
	for i, s := range subs {
		testkit.Within(t, 10*time.Second, s.Done(), fmt.Sprintf("subscriber %d to end", i))
		assert.Nil(t, s.Err()) // a clean end of stream
		assert.DeepEqual(t, []string{"before shutdown"}, s.Data())
	}
	assert.Assert(t, took < 5*time.Second, took)
	t.Logf("shutdown with %d open streams took %v", clients, took)
}
