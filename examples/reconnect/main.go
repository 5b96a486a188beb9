// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command reconnect shows a client that survives a server which drops every connection
// after a few events, and one that goes silent: it reconnects with Last-Event-ID and
// the server resumes after the last event the client saw, so no event is lost or seen
// twice.
//
// The server sends a comment before each event, which the client logs with
// WithOnComment; heartbeats are comments too, and seeing them tells a live idle stream
// from a dead one. Once, after the tenth event, the server stops writing without
// closing the connection, as a server behind a dead proxy would: the client's read
// timeout (WithReadTimeout) notices the silence and reconnects.
//
// It serves and subscribes in one process and exits after 20 events.
package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse"
)

const total = 20

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	h := server.New(server.WithListener(ln), server.WithExitWaitTime(time.Second),
		server.WithSenseClientDisconnection(true))
	h.GET("/count", count)
	go func() { _ = h.Run() }()

	c := sse.NewClient("http://"+ln.Addr().String()+"/count",
		sse.WithReconnect(sse.ReconnectPolicy{MaxAttempts: 5}),
		sse.WithReadTimeout(500*time.Millisecond),
		sse.WithOnComment(func(text string) { fmt.Println("comment:", text) }),
		sse.WithOnConnect(func(ctx context.Context, c *sse.Client) {
			hlog.Infof("connected, Last-Event-ID %q", c.GetLastEventID())
		}))
	// Subscribe returns nil when the server answers 204 No Content: the stream is over.
	err = c.Subscribe(func(e *sse.Event) { fmt.Printf("event %s: %s\n", e.ID, e.Data) })
	fmt.Println("subscription ended:", err)
	_ = h.Shutdown(context.Background())
}

// wentSilent records that the stream went quiet once, after the tenth number.
var wentSilent atomic.Bool

// count sends the numbers up to total, five per connection, starting after the
// client's Last-Event-ID; once all are sent it answers 204 to stop the client.
func count(ctx context.Context, c *app.RequestContext) {
	next := 1
	if last, err := strconv.Atoi(sse.GetLastEventID(c)); err == nil {
		next = last + 1
	}
	if next > total {
		c.Status(204)
		return
	}
	s := sse.NewStream(c)
	_ = s.SetRetry(200 * time.Millisecond) // how long the client waits before reconnecting
	for i := next; i < next+5 && i <= total; i++ {
		_ = s.SendComment("number " + strconv.Itoa(i) + " follows")
		if err := s.Publish(&sse.Event{ID: strconv.Itoa(i), Data: []byte("number " + strconv.Itoa(i))}); err != nil {
			return
		}
		if i == 10 && wentSilent.CompareAndSwap(false, true) {
			<-ctx.Done() // hold the connection open, silent, until the client gives up on it
			return
		}
	}
	// Returning ends the stream; the client reconnects.
}
