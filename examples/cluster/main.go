// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command cluster runs two server instances that share one Redis, as two replicas of
// a service behind a load balancer would: each has its own Hub on a Redis Streams
// backend, so a client connected to either one receives what is published on both,
// and can reconnect to the other one with Last-Event-ID without missing an event.
//
// It needs a Redis 6.2 or newer, at -redis or $REDIS_ADDR (127.0.0.1:6379 by
// default); for instance `apt-get install redis-server` or
// `docker run -p 6379:6379 redis:7`. Then:
//
//	go run ./cluster
//
// The demo client subscribes to instance one, sees events published on instance two,
// disconnects, and comes back to instance two, which replays what it missed. With
// -serve-only the instances keep running for you to try:
//
//	curl -N 'http://127.0.0.1:8891/events?topic=chat'
//	curl -X POST 'http://127.0.0.1:8892/publish?topic=chat&data=hello'
//
// Restarts lose nothing: stop the program with Ctrl-C and start it again while a
// browser's EventSource (or a Go client with WithReconnect) is open on an instance.
// The hub ends each stream with a jittered retry, the client comes back on its own
// when the instance is up again, and Redis, which kept the history, replays what it
// missed: every event once, in order. While Redis itself is down, connecting clients
// are told to come back later instead of being refused.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/signal"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

func main() {
	redisAddr := flag.String("redis", envOr("REDIS_ADDR", "127.0.0.1:6379"), "address of the Redis both instances share")
	addrs := [2]*string{
		flag.String("addr1", "127.0.0.1:8891", "address of instance one"),
		flag.String("addr2", "127.0.0.1:8892", "address of instance two"),
	}
	key := flag.String("key", "sse:cluster-demo", "Redis stream that holds the events")
	serveOnly := flag.Bool("serve-only", false, "serve without running the demo client")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var bases [2]string
	for i, addr := range addrs {
		// Each instance has its own go-redis client, as separate processes would.
		rdb := goredis.NewClient(&goredis.Options{Addr: *redisAddr})
		defer rdb.Close()
		if err := rdb.Ping(ctx).Err(); err != nil {
			hlog.Fatalf("cannot reach Redis at %s (set -redis or REDIS_ADDR): %v", *redisAddr, err)
		}
		h, err := startInstance(*addr, redis.New(rdb, redis.WithKey(*key), redis.WithMaxLen(1000)))
		if err != nil {
			hlog.Fatal(err)
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = h.Shutdown(sctx)
		}()
		bases[i] = "http://" + *addr
		hlog.Infof("instance %d serves %s/events?topic=chat", i+1, bases[i])
	}

	if *serveOnly {
		<-ctx.Done()
		return
	}
	if err := demo(ctx, bases); err != nil {
		hlog.Fatal(err)
	}
}

// startInstance serves, on addr, a Hub whose events travel through backend:
//
//	GET  /events?topic=a&topic=b   the stream of those topics (every topic's "" events too)
//	POST /publish?topic=a&data=…   publishes one event to topic ("" for everyone) and
//	                               answers 201 with the ID it was given
func startInstance(addr string, backend *redis.Backend) (*server.Hertz, error) {
	hub := sse.NewHub(sse.WithBroadcaster(backend))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	h := server.New(server.WithListener(ln), server.WithExitWaitTime(time.Second), server.WithDisablePrintRoute(true))
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		var topics []string
		c.QueryArgs().VisitAll(func(k, v []byte) {
			if string(k) == "topic" {
				topics = append(topics, string(v))
			}
		})
		// Serve answers every case itself: a client whose ID Redis no longer holds
		// is told so by a history-lost event, and while Redis is down a client is
		// told to come back later.
		_ = hub.Serve(ctx, c, topics...)
	})
	h.POST("/publish", func(ctx context.Context, c *app.RequestContext) {
		e := &sse.Event{Event: "chat", Data: c.QueryArgs().Peek("data")}
		id, err := hub.Publish(ctx, string(c.QueryArgs().Peek("topic")), e)
		if err != nil {
			c.String(503, "not published: %v", err) // Redis is down: nothing was delivered
			return
		}
		c.String(201, id) // the ID Redis gave it, the same on every instance
	})
	go func() { _ = h.Run() }()
	return h, nil
}

// demo subscribes to instance one, publishes on instance two, disconnects, publishes
// while away, and reconnects to instance two with the last event ID it received.
func demo(ctx context.Context, bases [2]string) error {
	hc, err := client.NewClient()
	if err != nil {
		return err
	}
	pub := func(base, data string) error {
		status, body, err := hc.Post(ctx, nil, base+"/publish?topic=chat&data="+url.QueryEscape(data), nil)
		if err == nil && status != 201 {
			err = fmt.Errorf("publish: %d %s", status, body)
		}
		return err
	}

	first := sse.NewClient(bases[0] + "/events?topic=chat")
	fmt.Println("client: subscribing to instance one")
	if err := follow(ctx, first, 3, func() error {
		for _, d := range []string{"hello", "from", "two"} {
			if err := pub(bases[1], d); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	last := string(first.GetLastEventID())
	fmt.Printf("client: disconnected after event %s\n", last)

	for _, d := range []string{"missed", "while", "away"} {
		if err := pub(bases[0], d); err != nil {
			return err
		}
	}
	fmt.Println("instance one: published 3 events while the client was away")

	back := sse.NewClient(bases[1]+"/events?topic=chat", sse.WithLastEventID(last))
	fmt.Printf("client: back, on instance two, with Last-Event-ID %s\n", last)
	return follow(ctx, back, 4, func() error { return pub(bases[0], "live") })
}

// follow subscribes with c, calls then once connected, prints the next n events and
// disconnects.
func follow(ctx context.Context, c *sse.Client, n int, then func() error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	connected := make(chan struct{})
	c.SetOnConnectCallback(func(context.Context, *sse.Client) { close(connected) })
	got := make(chan struct{}, n)
	done := make(chan error, 1)
	go func() {
		done <- c.SubscribeWithContext(ctx, func(e *sse.Event) {
			fmt.Printf("client: event %s: %s\n", e.ID, e.Data)
			select {
			case got <- struct{}{}:
			default:
			}
		})
	}()
	select {
	case <-connected:
	case err := <-done:
		return fmt.Errorf("subscribe: %w", err)
	}
	if err := then(); err != nil {
		return err
	}
	timeout := time.After(10 * time.Second)
	for range n {
		select {
		case <-got:
		case err := <-done:
			return fmt.Errorf("stream ended early: %w", err)
		case <-timeout:
			return fmt.Errorf("no event for 10s")
		}
	}
	cancel()
	<-done
	return nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
