// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

func ExampleStream_Publish() {
	s := sse.NewStreamWithWriter(os.Stdout)
	_ = s.Publish(&sse.Event{ID: "1", Event: "greeting", Data: []byte("hello\nworld")})
	_ = s.SetRetry(3 * time.Second)
	_ = s.SendComment("still here")

	err := s.Publish(&sse.Event{ID: "2\ndata: injected"})
	fmt.Println(errors.Is(err, sse.ErrInvalidID))
	// Output:
	// id: 1
	// event: greeting
	// data: hello
	// data: world
	//
	// retry: 3000
	//
	// :still here
	// true
}

func ExampleNewStream() {
	handler := func(ctx context.Context, c *app.RequestContext) {
		// Set the status and headers first: NewStream sends them.
		s := sse.NewStream(c, sse.WithHeartbeat(15*time.Second))
		defer s.Close()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
			if err := s.Publish(&sse.Event{Data: fmt.Appendf(nil, "tick %d", i)}); err != nil {
				return // the client has gone
			}
		}
	}
	_ = handler // h.GET("/ticks", handler)
}

// serveExample runs a Hertz server on a free loopback port with the routes that
// register adds, and returns its URL and a function that stops it. The listener
// queues connections that come before the server's loop starts, so no wait is needed.
func serveExample(register func(h *server.Hertz)) (url string, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	h := server.New(server.WithListener(ln), server.WithExitWaitTime(100*time.Millisecond))
	register(h)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = h.Run()
	}()
	return "http://" + ln.Addr().String(), func() {
		_ = h.Shutdown(context.Background())
		<-done
	}
}

func ExampleClient_SubscribeWithContext() {
	url, stop := serveExample(func(h *server.Hertz) {
		h.GET("/sse", func(ctx context.Context, c *app.RequestContext) {
			s := sse.NewStream(c)
			_ = s.Publish(&sse.Event{ID: "1", Event: "greeting", Data: []byte("hello")})
			_ = s.Publish(&sse.Event{Data: []byte("world")}) // carries the last event ID, 1
		}) // returning ends the stream
	})
	defer stop()

	c := sse.NewClient(url+"/sse", sse.WithReadTimeout(10*time.Second))
	err := c.SubscribeWithContext(context.Background(), func(e *sse.Event) {
		fmt.Printf("%q id %s: %s\n", e.Event, e.ID, e.Data)
	})
	fmt.Println("stream ended:", err, "last event ID:", string(c.GetLastEventID()))
	// Output:
	// "greeting" id 1: hello
	// "" id 1: world
	// stream ended: <nil> last event ID: 1
}

func ExampleHub() {
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(100, time.Minute)))
	url, stop := serveExample(func(h *server.Hertz) {
		h.GET("/prices", func(ctx context.Context, c *app.RequestContext) {
			_ = hub.Serve(ctx, c, c.Query("symbol"))
		})
		h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	})

	// The hub has registered a client by the time it sees its stream open.
	joined := make(chan struct{})
	done := make(chan error)
	go func() {
		c := sse.NewClient(url+"/prices?symbol=HTZ", sse.WithOnConnect(func(context.Context, *sse.Client) { close(joined) }))
		done <- c.Subscribe(func(e *sse.Event) { fmt.Printf("%s %s\n", e.Event, e.Data) })
	}()
	<-joined
	_ = hub.BroadcastTo(context.Background(), "HTZ", &sse.Event{Event: "price", Data: []byte("101.25")})
	_ = hub.BroadcastTo(context.Background(), "CWG", &sse.Event{Event: "price", Data: []byte("7.01")}) // another topic
	_ = hub.Broadcast(context.Background(), &sse.Event{Event: "notice", Data: []byte("market closes")})
	stop() // shuts the hub down: the client's stream ends cleanly, with a retry
	fmt.Println("stream ended:", <-done)
	// Output:
	// price 101.25
	// notice market closes
	// stream ended: <nil>
}

func ExampleMemoryReplayer() {
	r := sse.NewMemoryReplayer(1000, time.Hour)
	ctx := context.Background()
	var ids []string
	for _, d := range []string{"a1", "b1", "a2"} {
		e := &sse.Event{Data: []byte(d)}
		_ = r.Store(ctx, d[:1], e) // topic "a" or "b"; Store sets e.ID
		ids = append(ids, e.ID)
	}
	// A client of topic "a" that saw a1 comes back: it missed a2 only.
	n, err := r.Replay(ctx, ids[0], []string{"a"}, func(e *sse.Event) error {
		fmt.Println("replayed", string(e.Data))
		return nil
	})
	fmt.Println(n, err)
	_, err = r.Replay(ctx, "an ID from another server", []string{"a"}, func(*sse.Event) error { return nil })
	fmt.Println(errors.Is(err, sse.ErrUnknownEventID))
	// Output:
	// replayed a2
	// 1 <nil>
	// true
}

func ExampleProxy() {
	origin, stopOrigin := serveExample(func(h *server.Hertz) {
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
			s := sse.NewStream(c)
			_ = s.Publish(&sse.Event{ID: "1", Data: []byte("from the origin")})
			_ = s.SetLastEventID("2") // blocks without events go through too
		})
	})
	defer stopOrigin()
	hop, stopHop := serveExample(func(h *server.Hertz) {
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
			_ = sse.Proxy(ctx, c, origin+"/events")
		})
	})
	defer stopHop()

	c := sse.NewClient(hop + "/events")
	err := c.Subscribe(func(e *sse.Event) { fmt.Printf("id %s: %s\n", e.ID, e.Data) })
	fmt.Println(err, string(c.GetLastEventID()))
	// Output:
	// id 1: from the origin
	// <nil> 2
}

func ExampleNewJSONEvent() {
	var wire bytes.Buffer
	s := sse.NewStreamWithWriter(&wire)
	e, _ := sse.NewJSONEvent("price", map[string]any{"symbol": "HTZ", "bid": 101.25})
	_ = s.Publish(e)
	fmt.Print(wire.String())

	got, _ := sse.NewDecoder(&wire, 0).Next()
	var quote struct {
		Symbol string
		Bid    float64
	}
	fmt.Println(got.DecodeJSON(&quote), quote.Symbol, quote.Bid)
	// Output:
	// event: price
	// data: {"bid":101.25,"symbol":"HTZ"}
	//
	// <nil> HTZ 101.25
}

func ExampleIsHistoryLost() {
	handle := func(e *sse.Event) {
		if lost, ok := sse.IsHistoryLost(e); ok {
			fmt.Printf("missed events after %s cannot be recovered (%s): reload\n", lost.LastEventID, lost.Reason)
			return
		}
		fmt.Println("event:", string(e.Data))
	}
	// What a hub that restarted sends a client that asks to resume from "x-41".
	d := sse.NewDecoder(strings.NewReader("id: y-0\nevent: history-lost\ndata: {\"lastEventId\":\"x-41\",\"reason\":\"unknown\"}\n\ndata: live\n\n"), 0)
	for e, err := d.Next(); err == nil; e, err = d.Next() {
		handle(e)
	}
	// Output:
	// missed events after x-41 cannot be recovered (unknown): reload
	// event: live
}
