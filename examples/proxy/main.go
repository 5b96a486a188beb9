// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command proxy runs a chain of SSE servers in one process, origin → hop → hop, and a
// client at the end of it. Every hop is one call to sse.Proxy; with
// server.WithSenseClientDisconnection(true) on every server, the client leaving (after
// five events here) tears the whole chain down at once, up to the origin.
//
//	go run ./proxy
//
// A hop never makes a browser give up: when its upstream is down, restarting or not
// an event stream, it answers with a stream that tells the client to come back after
// a jittered retry, so an EventSource behind a chain of hops survives a restart of
// the origin or of any hop (browsertest's TestEventSourceSurvivesARestart runs one).
// Only an upstream 204 or 4xx reaches the client as it is.
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

func main() {
	originDone := make(chan struct{})
	origin := serve("origin", func(ctx context.Context, c *app.RequestContext) {
		defer close(originDone)
		s := sse.NewStream(c)
		for i := 1; ; i++ {
			if err := s.Publish(&sse.Event{ID: strconv.Itoa(i), Data: []byte("hello from the origin #" + strconv.Itoa(i))}); err != nil {
				return
			}
			select {
			case <-ctx.Done(): // the hop below has gone
				hlog.Info("origin: downstream gone, handler returns")
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	})
	hop1 := serve("hop 1", func(ctx context.Context, c *app.RequestContext) {
		_ = sse.Proxy(ctx, c, origin, sse.WithForwardHeaders("Authorization"))
	})
	hop2 := serve("hop 2", func(ctx context.Context, c *app.RequestContext) {
		_ = sse.Proxy(ctx, c, hop1, sse.WithForwardHeaders("Authorization"))
	})

	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	client := sse.NewClient(hop2, sse.WithHeaders(map[string]string{"Authorization": "Bearer demo"}))
	_ = client.SubscribeWithContext(ctx, func(e *sse.Event) {
		n++
		fmt.Printf("client got id=%s %q\n", e.ID, e.Data)
		if n == 5 {
			cancel()
		}
	})
	select {
	case <-originDone:
		fmt.Println("the origin's handler has returned: the chain is down")
	case <-time.After(5 * time.Second):
		fmt.Println("the origin is still streaming after 5s")
	}
}

// serve starts a Hertz server on a free port with handler on /sse and returns its URL.
func serve(name string, handler func(context.Context, *app.RequestContext)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln), server.WithSenseClientDisconnection(true), server.WithDisablePrintRoute(true))
	h.GET("/sse", handler)
	go func() { _ = h.Run() }()
	url := "http://" + ln.Addr().String() + "/sse"
	fmt.Printf("%s on %s\n", name, url)
	return url
}
