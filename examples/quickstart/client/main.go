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

var wg sync.WaitGroup

func main() {
	wg.Add(2)
	go func() {
		// Pass the server's URL to create the client.
		c := sse.NewClient("http://127.0.0.1:8888/sse")

		// Called when the client connects to the server.
		c.OnConnect(func(ctx context.Context, client *sse.Client) {
			hlog.Infof("client1 connect to server %s success with %s method", c.URL, c.Method)
		})

		// Called when the server ends the connection.
		c.OnDisconnect(func(ctx context.Context, client *sse.Client) {
			hlog.Infof("client1 disconnect to server %s success with %s method", c.URL, c.Method)
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
				hlog.CtxErrorf(context.Background(), "err = %s", err.Error())
				wg.Done()
				return
			}
		}
	}()

	go func() {
		// Pass the server's URL to create the client.
		c := sse.NewClient("http://127.0.0.1:8888/sse")

		// Called when the client connects to the server.
		c.OnConnect(func(ctx context.Context, client *sse.Client) {
			hlog.Infof("client2 %s connect to server success with %s method", c.URL, c.Method)
		})

		// Called when the server ends the connection.
		c.OnDisconnect(func(ctx context.Context, client *sse.Client) {
			hlog.Infof("client2 %s disconnect to server success with %s method", c.URL, c.Method)
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
				hlog.CtxErrorf(context.Background(), "err = %s", err.Error())
				wg.Done()
				return
			}
		}
	}()

	select {}
}
