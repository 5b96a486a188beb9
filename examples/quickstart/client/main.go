// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command client runs two subscribers to the quickstart server and logs every event.
package main

import (
	"context"
	"sync"

	"github.com/hertz-contrib/sse"

	"github.com/cloudwego/hertz/pkg/common/hlog"
)

func main() {
	var wg sync.WaitGroup
	for _, name := range []string{"client1", "client2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			subscribe(name)
		}()
	}
	wg.Wait()
}

// subscribe runs one client, named name in the logs, until the server ends its
// stream.
func subscribe(name string) {
	// Pass the server's URL to create the client.
	c := sse.NewClient("http://127.0.0.1:8888/sse")

	// Called when the client connects to the server.
	c.OnConnect(func(ctx context.Context, client *sse.Client) {
		hlog.Infof("%s connect to server %s success with %s method", name, c.URL, c.Method)
	})

	// Called when the server ends the connection.
	c.OnDisconnect(func(ctx context.Context, client *sse.Client) {
		hlog.Infof("%s disconnect to server %s success with %s method", name, c.URL, c.Method)
	})

	events := make(chan *sse.Event)
	errChan := make(chan error)
	go func() {
		cErr := c.Subscribe(func(msg *sse.Event) {
			if msg.Data != nil {
				events <- msg
				return
			}
		})
		errChan <- cErr
	}()
	for {
		select {
		case e := <-events:
			hlog.Info(e)
		case err := <-errChan:
			hlog.CtxErrorf(context.Background(), "%s: err = %v", name, err) // nil when the server ended the stream
			return
		}
	}
}
