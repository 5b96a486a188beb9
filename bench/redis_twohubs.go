// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

// runTwoHubs runs two hubs on the Redis at srv, as two instances of one service:
// opts.Publishers goroutines publish opts.Rate events/s on the first for
// opts.TwoHubsDuration; opts.Subscribers clients of the second, each an sse.Client
// over loopback HTTP, must receive every event exactly once.
func runTwoHubs(srv *redisProcess, opts redisOptions) twoHubsResult {
	res := twoHubsResult{Target: opts.Rate, Subscribers: opts.Subscribers}
	const key = "bench:two-hubs"
	hubOpts := []sse.HubOption{sse.WithQueueSize(1 << 16)}
	pub, err := startRedisHub(srv, key, true, hubOpts...)
	if err != nil {
		res.Err = err
		return res
	}
	defer pub.close()
	sub, err := startRedisHub(srv, key, true, hubOpts...)
	if err != nil {
		res.Err = err
		return res
	}
	defer sub.close()
	web, err := startHertz(func(h *server.Hertz) {
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = sub.hub.Serve(ctx, c, "t") })
	})
	if err != nil {
		res.Err = err
		return res
	}
	defer web.Close()

	total := int(int64(opts.Rate) * int64(opts.TwoHubsDuration) / int64(time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	clients := make([]*twoHubsClient, opts.Subscribers)
	var running sync.WaitGroup
	for i := range clients {
		c := newTwoHubsClient(total)
		clients[i] = c
		running.Add(1)
		go func() {
			defer running.Done()
			c.run(ctx, web.URL+"/events")
		}()
	}
	defer func() {
		cancel()
		running.Wait()
	}()
	for _, c := range clients {
		select {
		case <-c.connected:
		case err := <-c.failed:
			res.Err = fmt.Errorf("bench: subscribe: %w", err)
			return res
		case <-time.After(10 * time.Second):
			res.Err = fmt.Errorf("bench: a subscriber did not connect within 10s")
			return res
		}
	}

	took, err := publishSteady(pub.hub, opts, total)
	res.Published = total
	res.PublishedPerSec = float64(total) / took.Seconds()
	if err != nil {
		res.Err = err
		return res
	}
	res.Expected = int64(total) * int64(len(clients))
	drain := time.After(10 * time.Second)
	var samples []int64
	for _, c := range clients {
		select {
		case <-c.all:
		case <-drain:
		}
		c.mu.Lock()
		res.Delivered += int64(c.received)
		res.Duplicates += int64(c.dups)
		samples = append(samples, c.took...)
		if c.bad > 0 && res.Err == nil {
			res.Err = fmt.Errorf("bench: a subscriber received %d events it could not read", c.bad)
		}
		c.mu.Unlock()
	}
	res.P50, res.P99, res.Max = percentiles(samples)
	return res
}

// publishSteady publishes total events on hub from opts.Publishers goroutines, each
// at its scheduled time (at once when behind), and returns how long it took.
func publishSteady(hub *sse.Hub, opts redisOptions, total int) (time.Duration, error) {
	interval := float64(time.Second) / float64(opts.Rate)
	start := time.Now()
	errs := make(chan error, opts.Publishers)
	var wg sync.WaitGroup
	for p := range opts.Publishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for seq := p; seq < total; seq += opts.Publishers {
				at := start.Add(time.Duration(float64(seq) * interval))
				if d := time.Until(at); d > 0 {
					time.Sleep(d) // the publishing schedule
				}
				e := &sse.Event{Event: fanoutType, Data: steadyData(seq, time.Now().UnixNano())}
				if err := hub.BroadcastTo(ctx, "t", e); err != nil {
					errs <- fmt.Errorf("bench: publish %d: %w", seq, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	select {
	case err := <-errs:
		return took, err
	default:
		return took, nil
	}
}

// steadyData is the data of event seq published at atNs: "<seq> <atNs> <padding>".
func steadyData(seq int, atNs int64) []byte {
	b := strconv.AppendInt(make([]byte, 0, 112), int64(seq), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, atNs, 10)
	b = append(b, ' ')
	return append(b, fanoutPadding...)
}

func parseSteady(data []byte) (seq int, atNs int64, ok bool) {
	f := bytes.SplitN(data, []byte{' '}, 3)
	if len(f) < 2 {
		return 0, 0, false
	}
	seq, err1 := strconv.Atoi(string(f[0]))
	atNs, err2 := strconv.ParseInt(string(f[1]), 10, 64)
	return seq, atNs, err1 == nil && err2 == nil && seq >= 0
}

// twoHubsClient is one subscriber of the second hub: it checks that each event
// comes once and records how late.
type twoHubsClient struct {
	connected chan struct{}
	failed    chan error
	all       chan struct{} // closed when every event has come

	mu       sync.Mutex
	seen     []bool
	received int
	dups     int
	bad      int
	took     []int64
}

func newTwoHubsClient(total int) *twoHubsClient {
	return &twoHubsClient{
		connected: make(chan struct{}), failed: make(chan error, 1), all: make(chan struct{}),
		seen: make([]bool, total), took: make([]int64, 0, total),
	}
}

func (c *twoHubsClient) run(ctx context.Context, url string) {
	client := sse.NewClient(url, sse.WithOnConnect(func(context.Context, *sse.Client) { close(c.connected) }))
	err := client.SubscribeWithContext(ctx, c.record)
	if ctx.Err() == nil {
		c.failed <- err
	}
}

func (c *twoHubsClient) record(e *sse.Event) {
	seq, at, ok := parseSteady(e.Data)
	now := time.Now().UnixNano()
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case !ok || seq >= len(c.seen):
		c.bad++
	case c.seen[seq]:
		c.dups++
	default:
		c.seen[seq] = true
		c.received++
		c.took = append(c.took, now-at)
		if c.received == len(c.seen) {
			close(c.all)
		}
	}
}
