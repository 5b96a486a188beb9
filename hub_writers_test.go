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

// TestHubBlockedWritesDoNotHoldUpOthers: with more blocked clients than the hub has
// writers, an event still reaches a client that reads.
func TestHubBlockedWritesDoNotHoldUpOthers(t *testing.T) {
	hub := sse.NewHub(sse.WithHubHeartbeat(-1))
	blocked := 3 * runtime.GOMAXPROCS(0)
	entered, release := make(chan struct{}, blocked), make(chan struct{})
	for range blocked {
		assert.Nil(t, hub.Register(&testkit.BlockingConn{Entered: entered, Release: release}))
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

// slowClosingConn is a Connection whose Publish and Close block until released, and
// which is neither an EncodedWriter nor an Aborter: a user's wrapper around a
// transport, say.
type slowClosingConn struct {
	testkit.BlockingConn
	closing chan struct{}
}

func (c *slowClosingConn) Close() error {
	c.closing <- struct{}{}
	<-c.Release
	return nil
}

// TestHubNeverWaitsOnAConnectionsClose: dropping a slow client that is not an Aborter
// closes it on a goroutine of its own, so broadcasts go on while its Close waits;
// Shutdown waits for that Close too.
func TestHubNeverWaitsOnAConnectionsClose(t *testing.T) {
	hub := sse.NewHub(sse.WithQueueSize(1), sse.WithHubHeartbeat(-1))
	entered, release := make(chan struct{}, 1), make(chan struct{})
	slow := &slowClosingConn{BlockingConn: testkit.BlockingConn{Entered: entered, Release: release}, closing: make(chan struct{}, 1)}
	assert.Nil(t, hub.Register(slow))
	reader := newRecordingConn()
	assert.Nil(t, hub.Register(reader))

	// One event at a time, each read before the next, so that only the slow client's
	// queue fills: 1 blocks its write, 2 waits in its queue, 3 overflows it.
	for i, data := range []string{"1", "2", "3"} {
		broadcast(t, hub, "", data)
		reader.wait(t, 1)
		if i == 0 {
			testkit.Within(t, 10*time.Second, entered, "the slow client's write to block")
		}
	}
	testkit.Within(t, 10*time.Second, slow.closing, "the hub to close the dropped client")
	broadcast(t, hub, "", "4") // while that Close blocks
	assert.DeepEqual(t, []string{"1", "2", "3", "4"}, reader.wait(t, 1))

	// Shutdown cannot finish while the Close it owns waits: it runs out of time.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	assert.DeepEqual(t, context.DeadlineExceeded, hub.Shutdown(ctx))
	close(release)
	assert.Nil(t, hub.Shutdown(context.Background()))
}

// encodedConn records what a hub hands it through WriteEncoded.
type encodedConn struct {
	*recordingConn
	writes chan string
}

func (c *encodedConn) WriteEncoded(p []byte) error {
	c.writes <- string(p)
	return nil
}

// TestHubWritesEncodedEventsToAnEncodedWriter: a third-party Connection that is an
// EncodedWriter gets the bytes the hub encoded once, queued events in one write.
func TestHubWritesEncodedEventsToAnEncodedWriter(t *testing.T) {
	hub := sse.NewHub(sse.WithHubHeartbeat(-1))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	conn := &encodedConn{recordingConn: newRecordingConn(), writes: make(chan string, 16)}
	assert.Nil(t, hub.Register(conn))
	assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{ID: "1", Data: []byte("a")}))
	assert.DeepEqual(t, "id: 1\ndata: a\n\n", testkit.Within(t, 10*time.Second, conn.writes, "the encoded event"))
}
