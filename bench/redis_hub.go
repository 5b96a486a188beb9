// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

// redisHub is a Hub on a Backend of its own go-redis client.
type redisHub struct {
	hub     *sse.Hub
	backend *redis.Backend
	close   func()
}

// startRedisHub starts a hub whose Backend keeps its events under key, as the hub's
// Broadcaster or, with broadcaster false, as its Replayer alone.
func startRedisHub(srv *redisProcess, key string, broadcaster bool, opts ...sse.HubOption) (*redisHub, error) {
	rdb := srv.client(redisPublishers)
	backend := redis.New(rdb, redis.WithKey(key))
	opt := sse.WithReplayer(backend)
	if broadcaster {
		opt = sse.WithBroadcaster(backend)
	}
	h := &redisHub{hub: sse.NewHub(append(opts, opt)...), backend: backend}
	h.close = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = h.hub.Shutdown(ctx)
		rdb.Del(ctx, key)
		_ = rdb.Close()
	}
	if broadcaster {
		if err := waitListening(h.hub, backend); err != nil {
			h.close()
			return nil, err
		}
	}
	return h, nil
}

// waitListening returns once the hub's Listen loop reads the stream: an event
// published before would not reach the hub's clients. It publishes a probe event
// every 20 ms until a client of the hub receives one.
func waitListening(hub *sse.Hub, backend *redis.Backend) error {
	probe := &deliveryCount{notify: make(chan struct{}, 1)}
	if err := hub.Register(probe, "probe"); err != nil {
		return err
	}
	defer hub.Unregister(probe)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if err := hub.BroadcastTo(context.Background(), "probe", &sse.Event{Data: []byte("probe")}); err != nil {
			return fmt.Errorf("bench: probe: %w", err)
		}
		select {
		case <-probe.notify:
			return nil
		case <-deadline:
			return errors.New("bench: the hub's Listen loop did not start within 10s")
		case <-tick.C:
		}
	}
}

// deliveryCount is a Connection that counts what it is sent.
type deliveryCount struct {
	n      atomic.Int64
	notify chan struct{} // receives a token after every event
}

func (c *deliveryCount) Publish(*sse.Event) error {
	c.n.Add(1)
	select {
	case c.notify <- struct{}{}:
	default:
	}
	return nil
}

func (c *deliveryCount) SendComment(string) error     { return nil }
func (c *deliveryCount) SetRetry(time.Duration) error { return nil }
func (c *deliveryCount) Close() error                 { return nil }

// waitCount waits until c has been sent n events, for up to 30 seconds.
func (c *deliveryCount) waitCount(n int64) error {
	timeout := time.After(30 * time.Second)
	for c.n.Load() < n {
		select {
		case <-c.notify:
		case <-timeout:
			return fmt.Errorf("bench: %d of %d events delivered 30s after publishing ended", c.n.Load(), n)
		}
	}
	return nil
}

// hubThroughput measures publishers goroutines calling BroadcastTo on a hub on
// Redis for d, until the hub's one client has received every event.
func hubThroughput(publishers int, broadcaster bool) redisRunner {
	return func(srv *redisProcess, key string, d time.Duration) (float64, error) {
		h, err := startRedisHub(srv, key, broadcaster, sse.WithQueueSize(1<<20), sse.WithHubHeartbeat(-1))
		if err != nil {
			return 0, err
		}
		defer h.close()
		client := &deliveryCount{notify: make(chan struct{}, 1)}
		if err := h.hub.Register(client, "t"); err != nil {
			return 0, err
		}
		start := time.Now()
		total, err := publishFrom(publishers, d, func() func() (int, error) {
			e, ctx := sampleEvent(), context.Background()
			e.ID = ""
			return func() (int, error) { return 1, h.hub.BroadcastTo(ctx, "t", e) }
		})
		if err != nil {
			return 0, fmt.Errorf("bench: broadcast: %w", err)
		}
		if err := client.waitCount(total); err != nil {
			return 0, err
		}
		return float64(total) / time.Since(start).Seconds(), nil
	}
}
