// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// blockingConn is a Connection whose Publish blocks until released, as a write to a
// client that reads nothing does.
type blockingConn struct {
	entered chan struct{}
	release chan struct{}
}

func (c *blockingConn) Publish(*sse.Event) error {
	c.entered <- struct{}{}
	<-c.release
	return nil
}
func (c *blockingConn) SendComment(string) error     { return nil }
func (c *blockingConn) SetRetry(time.Duration) error { return nil }
func (c *blockingConn) Close() error                 { return nil }

// TestHubBlockedWritesDoNotHoldUpOthers: with more blocked clients than the hub has
// writers, an event still reaches a client that reads.
func TestHubBlockedWritesDoNotHoldUpOthers(t *testing.T) {
	hub := sse.NewHub(sse.WithHubHeartbeat(0))
	blocked := 3 * runtime.GOMAXPROCS(0)
	entered, release := make(chan struct{}, blocked), make(chan struct{})
	for range blocked {
		assert.Nil(t, hub.Register(&blockingConn{entered: entered, release: release}))
	}
	reader := newRecordingConn()
	assert.Nil(t, hub.Register(reader))

	broadcast(t, hub, "", "x")
	for range blocked {
		testkit.Within(t, 10*time.Second, entered, "a blocked client to be written to")
	}
	assert.DeepEqual(t, []string{"x"}, reader.wait(t, 1))

	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	assert.Nil(t, hub.Shutdown(ctx))
}

// TestHubStalledSocketsDoNotHoldUpOthers: clients whose sockets are full, more of them
// than the hub has writers, and kept (SlowDropEvents), do not delay the clients that
// read.
func TestHubStalledSocketsDoNotHoldUpOthers(t *testing.T) {
	const events, size = 200, 16 << 10
	hub := sse.NewHub(sse.WithQueueSize(4), sse.WithSlowPolicy(sse.SlowDropEvents))
	url := hubServer(t, hub, nil)
	fast := []*testkit.Subscriber{testkit.Subscribe(t, url+"/events"), testkit.Subscribe(t, url+"/events")}
	for range 3 * runtime.GOMAXPROCS(0) {
		stalledClient(t, url+"/events")
	}
	payload := strings.Repeat("x", size)
	for i := range events {
		assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{ID: fmt.Sprint(i), Data: []byte(payload)}))
		for _, s := range fast {
			s.WaitFor(t, i+1)
		}
	}
}
