// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cloudwego/hertz/pkg/app"

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

func ExampleClient_SubscribeWithContext() {
	c := sse.NewClient("http://127.0.0.1:8888/sse",
		sse.WithReconnect(sse.ReconnectPolicy{MaxElapsed: time.Minute}))
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	err := c.SubscribeWithContext(ctx, func(e *sse.Event) {
		fmt.Printf("%s: %s\n", e.Event, e.Data)
	})
	if err != nil {
		fmt.Println("subscription ended:", err)
	}
}
