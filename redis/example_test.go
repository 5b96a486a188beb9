// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

// Every instance of the service runs this: clients connected to any instance receive
// what is published on all of them, and can reconnect to any instance.
func ExampleNew() {
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	backend := redis.New(rdb, redis.WithKey("myapp:events"), redis.WithMaxLen(50_000), redis.WithMaxAge(time.Hour))
	hub := sse.NewHub(sse.WithBroadcaster(backend)) // the backend is the hub's Replayer too

	h := server.Default()
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		err := hub.Serve(ctx, c, "news")
		if errors.Is(err, sse.ErrEventIDExpired) || errors.Is(err, sse.ErrUnknownEventID) {
			c.String(409, "history lost: reload")
		}
	})
	h.POST("/news", func(ctx context.Context, c *app.RequestContext) {
		if err := hub.BroadcastTo(ctx, "news", &sse.Event{Data: c.Request.Body()}); err != nil {
			c.String(503, err.Error()) // Redis is down: no instance delivered it
		}
	})
	h.Spin()
}

// A service that publishes from many request handlers at once: the Backend groups
// their events into batches, and each handler learns what became of its own.
func ExampleBackend_Publish() {
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	backend := redis.New(rdb,
		redis.WithMaxBatch(256),                      // events per script call, at most
		redis.WithMaxInFlight(2),                     // batches on their way at once
		redis.WithReadInterval(500*time.Microsecond), // how long a busy Listen loop lets events gather
	)
	hub := sse.NewHub(sse.WithBroadcaster(backend))

	h := server.Default()
	h.POST("/orders", func(ctx context.Context, c *app.RequestContext) {
		err := hub.BroadcastTo(ctx, "orders", &sse.Event{Data: c.Request.Body()})
		switch {
		case err == nil:
			c.Status(202)
		case errors.Is(err, redis.ErrUnconfirmed):
			c.String(503, "Redis did not answer: the event may still reach the clients")
		case ctx.Err() != nil:
			// The request ended while its event waited for a batch: it was not sent.
		default:
			c.String(503, "not published: %v", err)
		}
	})
	h.Spin()
}
