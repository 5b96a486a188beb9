// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/clock"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// hubServer serves hub on /events?topic=a&topic=b and returns the base URL. Every
// Serve result is sent to results when it is not nil.
func hubServer(t *testing.T, hub *sse.Hub, results chan<- error) string {
	t.Helper()
	if results == nil {
		return testkit.ServeTopics(t, hub, nil)
	}
	return testkit.ServeTopics(t, hub, func(err error) { results <- err })
}

func TestHubDeliversTopicsAndBroadcasts(t *testing.T) {
	hub := sse.NewHub()
	url := hubServer(t, hub, nil)
	a := testkit.Subscribe(t, url+"/events?topic=a")
	ab := testkit.Subscribe(t, url+"/events?topic=a&topic=b")
	none := testkit.Subscribe(t, url+"/events")
	assert.DeepEqual(t, 3, hub.ConnectionCount())
	assert.DeepEqual(t, 2, hub.TopicCount("a"))
	assert.DeepEqual(t, 1, hub.TopicCount("b"))

	ctx := context.Background()
	assert.Nil(t, hub.BroadcastTo(ctx, "a", &sse.Event{Data: []byte("a1")}))
	assert.Nil(t, hub.BroadcastTo(ctx, "b", &sse.Event{Data: []byte("b1")}))
	assert.Nil(t, hub.Broadcast(ctx, &sse.Event{Data: []byte("all")}))
	assert.Nil(t, hub.BroadcastTo(ctx, "c", &sse.Event{Data: []byte("nobody")}))

	assert.DeepEqual(t, []string{"a1", "all"}, a.WaitFor(t, 2))
	assert.DeepEqual(t, []string{"a1", "b1", "all"}, ab.WaitFor(t, 3))
	assert.DeepEqual(t, []string{"all"}, none.WaitFor(t, 1))
}

func TestHubThousandSubscribers(t *testing.T) {
	const subscribers, topics, perTopic = 1000, 10, 20
	hub := sse.NewHub()
	url := hubServer(t, hub, nil)
	subs := make([]*testkit.Subscriber, subscribers)
	for i := range subs {
		subs[i] = testkit.Subscribe(t, fmt.Sprintf("%s/events?topic=t%d", url, i%topics))
	}
	var want [topics][]string
	for n := range perTopic {
		for tp := range topics {
			data := fmt.Sprintf("t%d-%d", tp, n)
			want[tp] = append(want[tp], data)
			assert.Nil(t, hub.BroadcastTo(context.Background(), fmt.Sprintf("t%d", tp), &sse.Event{Data: []byte(data)}))
		}
	}
	for i, s := range subs {
		assert.DeepEqual(t, want[i%topics], s.WaitFor(t, perTopic))
	}
}

func TestHubHooks(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	hub := sse.NewHub(
		sse.WithOnBroadcast(func(e *sse.Event) { mu.Lock(); seen = append(seen, "all:"+string(e.Data)); mu.Unlock() }),
		sse.WithOnBroadcastTo(func(topic string, e *sse.Event) {
			mu.Lock()
			seen = append(seen, topic+":"+string(e.Data))
			mu.Unlock()
		}))
	defer hub.Shutdown(context.Background())
	assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte("x")}))
	assert.Nil(t, hub.BroadcastTo(context.Background(), "t", &sse.Event{Data: []byte("y")}))
	assert.DeepEqual(t, []string{"all:x", "t:y"}, seen)
}

func TestHubRejectsBadEvents(t *testing.T) {
	hub := sse.NewHub()
	assert.Assert(t, hub.Broadcast(context.Background(), &sse.Event{ID: "a\nb"}) != nil)
	assert.Assert(t, hub.Broadcast(context.Background(), nil) != nil)
	assert.Nil(t, hub.Shutdown(context.Background()))
	err := hub.Broadcast(context.Background(), &sse.Event{Data: []byte("late")})
	assert.Assert(t, strings.Contains(fmt.Sprint(err), "hub closed"), err)
}

// TestHubServeHeartbeat runs the hub's heartbeats on a fake clock: a served client
// silent for the interval gets a comment on the wire. The client is in the wheel by
// the time its stream opens, so the first interval counts from then.
func TestHubServeHeartbeat(t *testing.T) {
	assert.DeepEqual(t, 15*time.Second, sse.DefaultHeartbeat)
	clk := clock.NewFake(time.Unix(0, 0))
	hub := sse.NewHub(sse.WithHubClock(clk)) // the default interval
	url := hubServer(t, hub, nil)
	r := bufio.NewReader(openStream(t, url+"/events").BodyStream())
	clk.Advance(sse.DefaultHeartbeat)
	line, err := r.ReadString('\n')
	assert.Nil(t, err)
	assert.DeepEqual(t, ":\n", line)
}

func TestHubPublishReturnsTheAssignedID(t *testing.T) {
	ctx := context.Background()
	plain := sse.NewHub()
	t.Cleanup(func() { _ = plain.Shutdown(ctx) })
	id, err := plain.Publish(ctx, "t", &sse.Event{ID: "own", Data: []byte("x")})
	assert.Nil(t, err)
	assert.DeepEqual(t, "own", id) // without a history, an event keeps its own ID

	history := sse.NewMemoryReplayer(10, 0)
	stored := sse.NewHub(sse.WithReplayer(history))
	t.Cleanup(func() { _ = stored.Shutdown(ctx) })
	e := &sse.Event{ID: "ignored", Data: []byte("y")}
	id, err = stored.Publish(ctx, "t", e)
	assert.Nil(t, err)
	last, _ := history.LastID(ctx)
	assert.DeepEqual(t, last, id)
	assert.DeepEqual(t, "ignored", e.ID) // the caller's event is not changed

	_ = stored.Shutdown(ctx)
	id, err = stored.Publish(ctx, "t", &sse.Event{Data: []byte("z")})
	assert.Assert(t, errors.Is(err, sse.ErrHubClosed), err)
	assert.DeepEqual(t, "", id)
}

func TestNewHubRefusesTwoHistories(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		assert.Assert(t, strings.Contains(msg, "different histories"), msg)
	}()
	sse.NewHub(sse.WithBroadcaster(loopback{}), sse.WithReplayer(sse.NewMemoryReplayer(10, 0)))
	t.Fatal("NewHub accepted a Replayer beside a Broadcaster that is not it")
}

// loopback is a Broadcaster that never delivers anything.
type loopback struct{}

func (loopback) Publish(context.Context, string, *sse.Event) error { return nil }
func (loopback) Listen(ctx context.Context, _ func(string, *sse.Event)) error {
	<-ctx.Done()
	return ctx.Err()
}
