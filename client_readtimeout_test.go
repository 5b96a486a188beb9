// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/network/standard"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// clientTransports are the Hertz clients the client tests run on: the default one
// (netpoll), and one on Hertz's standard transport.
func clientTransports(t *testing.T) map[string][]sse.ClientOption {
	t.Helper()
	hc, err := sse.NewHertzClient(client.WithDialer(standard.NewDialer()))
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]sse.ClientOption{
		"netpoll":  nil,
		"standard": {sse.WithHertzClient(hc)},
	}
}

// silentAfter publishes n events and then holds the stream open, silent, until the
// client leaves.
func silentAfter(n int) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c)
		for i := range n {
			if s.Publish(&sse.Event{ID: strconv.Itoa(i + 1), Data: []byte("x")}) != nil {
				return
			}
		}
		<-ctx.Done()
	}
}

func TestReadTimeoutEndsASilentStream(t *testing.T) {
	const timeout = time.Second
	url := serveSSE(t, silentAfter(2),
		testkit.SenseDisconnect)
	for name, opts := range clientTransports(t) {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			var lastEvent time.Time
			c := sse.NewClient(url+"/sse", append(opts, sse.WithReadTimeout(timeout))...)
			err := c.SubscribeWithContext(context.Background(), func(*sse.Event) {
				mu.Lock()
				lastEvent = time.Now()
				mu.Unlock()
			})
			ended := time.Now()
			assert.Assert(t, errors.Is(err, sse.ErrReadTimeout), err)
			mu.Lock()
			silence := ended.Sub(lastEvent)
			mu.Unlock()
			t.Logf("%s: the stream was cut after %v of silence, for a read timeout of %v", name, silence, timeout)
			assert.Assert(t, silence >= timeout-10*time.Millisecond && silence <= timeout+timeout/10,
				"cut after", silence, "of silence, want within 10% of", timeout)
			assert.DeepEqual(t, "2", string(c.GetLastEventID()))
		})
	}
}

func TestReadTimeoutReconnects(t *testing.T) {
	var mu sync.Mutex
	lastIDs := []string{}
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		mu.Lock()
		lastIDs = append(lastIDs, sse.GetLastEventID(c))
		mu.Unlock()
		silentAfter(1)(ctx, c)
	}, testkit.SenseDisconnect)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := 0
	err := sse.NewClient(url+"/sse", sse.WithReadTimeout(200*time.Millisecond),
		sse.WithReconnect(sse.ReconnectPolicy{Delay: -1})).SubscribeWithContext(ctx, func(*sse.Event) {
		if events++; events == 3 {
			cancel()
		}
	})
	assert.DeepEqual(t, context.Canceled, err)
	mu.Lock()
	defer mu.Unlock()
	assert.DeepEqual(t, []string{"", "1", "1"}, lastIDs)
}

func TestReadTimeoutKeptAliveByComments(t *testing.T) {
	const timeout = 300 * time.Millisecond
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c)
		tick := time.NewTicker(timeout / 4)
		defer tick.Stop()
		// Only comments for four read timeouts, then one event and the end.
		for range 16 {
			<-tick.C
			if s.SendComment("still here") != nil {
				return
			}
		}
		_ = s.Publish(&sse.Event{Data: []byte("done")})
	})
	for name, opts := range clientTransports(t) {
		t.Run(name, func(t *testing.T) {
			comments := 0
			got, err := collect(t, context.Background(), sse.NewClient(url+"/sse",
				append(opts, sse.WithReadTimeout(timeout), sse.WithOnComment(func(string) { comments++ }))...))
			assert.Nil(t, err)
			assert.DeepEqual(t, 1, len(got))
			assert.DeepEqual(t, 16, comments)
		})
	}
}

func TestOnCommentSeesEveryCommentInOrder(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		c.Data(200, sse.ContentType, []byte(":\n: first\ndata: a\n:inside\n\n:  two spaces\ndata: b\n\n: last\n"))
	})
	var seen []string
	c := sse.NewClient(url+"/sse", sse.WithOnComment(func(text string) { seen = append(seen, "comment "+text) }))
	err := c.Subscribe(func(e *sse.Event) { seen = append(seen, "event "+string(e.Data)) })
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{
		"comment ", "comment first", "comment inside", "event a",
		"comment  two spaces", "event b", "comment last",
	}, seen)
}
