// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command reconnect shows a client that survives a server which drops every connection
// after a few events: it reconnects with Last-Event-ID and the server resumes after
// the last event the client saw, so no event is lost or seen twice.
//
// It serves and subscribes in one process and exits after 20 events.
package main

import (
	"context"
	"fmt"
	"net"
	"strconv"
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
	h := server.New(server.WithListener(ln), server.WithExitWaitTime(time.Second))
	h.GET("/count", count)
	go func() { _ = h.Run() }()

	c := sse.NewClient("http://"+ln.Addr().String()+"/count",
		sse.WithReconnect(sse.ReconnectPolicy{MaxAttempts: 5}),
		sse.WithOnConnect(func(ctx context.Context, c *sse.Client) {
			hlog.Infof("connected, Last-Event-ID %q", c.GetLastEventID())
		}))
	// Subscribe returns nil when the server answers 204 No Content: the stream is over.
	err = c.Subscribe(func(e *sse.Event) { fmt.Printf("event %s: %s\n", e.ID, e.Data) })
	fmt.Println("subscription ended:", err)
	_ = h.Shutdown(context.Background())
}

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
		if err := s.Publish(&sse.Event{ID: strconv.Itoa(i), Data: []byte("number " + strconv.Itoa(i))}); err != nil {
			return
		}
	}
	// Returning ends the stream; the client reconnects.
}
