// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// eventsURL is the URL of in's stream of topics.
func eventsURL(base string, topics ...string) string {
	q := url.Values{"topic": topics}
	return base + "/events?" + q.Encode()
}

// TestTwoInstancesDeliverEveryEventOnceInOneOrder: subscribers of two instances, while
// both instances publish at once, each receive every event of their topics exactly
// once, in the stream's order, the same everywhere.
func TestTwoInstancesDeliverEveryEventOnceInOneOrder(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	// Listen hands events over in pages: queues hold a whole burst.
	queue := sse.WithQueueSize(1024)
	instances := []*instance{startInstance(t, srv, nil, queue), startInstance(t, srv, nil, queue)}
	topicSets := [][]string{{"a"}, {"b"}, {"a", "b"}, nil}
	type sub struct {
		topics []string
		s      *testkit.Subscriber
	}
	var subs []sub
	for _, in := range instances {
		for _, topics := range topicSets {
			subs = append(subs, sub{topics, testkit.Subscribe(t, eventsURL(in.url, topics...))})
		}
	}

	const perTopic = 100
	var wg sync.WaitGroup
	for i, in := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range perTopic {
				for _, topic := range []string{"a", "b", ""} {
					e := &sse.Event{Data: []byte(fmt.Sprintf("i%d-%s-%d", i, topic, n))}
					if err := in.hub.BroadcastTo(context.Background(), topic, e); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()

	entries, err := srv.client(t).XRange(context.Background(), redis.DefaultKey, "-", "+").Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, 2*3*perTopic, len(entries))
	for _, sub := range subs {
		var wantData, wantIDs []string
		for _, m := range entries {
			if topic := m.Values["topic"].(string); topic == "" || slices.Contains(sub.topics, topic) {
				wantData = append(wantData, m.Values["data"].(string))
				wantIDs = append(wantIDs, m.ID)
			}
		}
		sub.s.WaitFor(t, len(wantData))
		data, ids := sub.s.Data(), sub.s.IDs()
		assert.DeepEqual(t, wantData, data)
		assert.DeepEqual(t, wantIDs, ids)
	}
}

// TestReconnectToTheOtherInstance: a client of one instance comes back to the other
// with Last-Event-ID and receives what it missed, then live events, once each.
func TestReconnectToTheOtherInstance(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	one, two := startInstance(t, srv, nil), startInstance(t, srv, nil)

	first := testkit.Subscribe(t, eventsURL(one.url, "a"))
	two.broadcast(t, "a", "a1", "a2")
	two.broadcast(t, "b", "b1")
	one.broadcast(t, "a", "a3")
	assert.DeepEqual(t, []string{"a1", "a2", "a3"}, first.WaitFor(t, 3))
	ids := first.IDs()

	// While the client is away, both instances publish.
	one.broadcast(t, "a", "a4")
	two.broadcast(t, "", "all")
	two.broadcast(t, "b", "b2")
	one.broadcast(t, "a", "a5")

	back := testkit.Subscribe(t, eventsURL(two.url, "a"), sse.WithLastEventID(ids[2]))
	one.broadcast(t, "a", "a6")
	assert.DeepEqual(t, []string{"a4", "all", "a5", "a6"}, back.WaitFor(t, 4))

	// Right after the last event, to the other instance again: nothing twice.
	ids = back.IDs()
	again := testkit.Subscribe(t, eventsURL(one.url, "a"), sse.WithLastEventID(ids[3]))
	two.broadcast(t, "a", "a7")
	assert.DeepEqual(t, []string{"a7"}, again.WaitFor(t, 1))
}

// lagging holds every batch its Listen loop delivers until gate is closed, as an instance
// whose Listen loop is behind Redis.
type lagging struct {
	*redis.Backend
	gate chan struct{}
}

// ListenBatch holds every batch back until gate closes; the Hub prefers it to Listen.
func (l *lagging) ListenBatch(ctx context.Context, deliver func([]sse.TopicEvent)) error {
	return l.Backend.ListenBatch(ctx, func(batch []sse.TopicEvent) {
		select {
		case <-l.gate:
		case <-ctx.Done():
		}
		deliver(batch)
	})
}

// TestReconnectToALaggingInstance: a client comes back, with the ID of the newest
// event, to an instance that has not delivered that event yet. The instance must
// not deliver it to the client live on top of what it replayed.
func TestReconnectToALaggingInstance(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	one := startInstance(t, srv, nil)
	behind := &lagging{Backend: redis.New(srv.client(t)), gate: make(chan struct{})}
	two := startInstanceOn(t, behind.Backend, behind)

	first := testkit.Subscribe(t, eventsURL(one.url, "a"))
	one.broadcast(t, "a", "e1")
	first.WaitFor(t, 1)
	ids := first.IDs()

	// Let the lagging instance deliver e1 once the reconnecting client is registered,
	// where e1 would reach it live.
	released := make(chan struct{})
	go func() {
		defer close(released)
		defer close(behind.gate)
		deadline := time.Now().Add(10 * time.Second)
		for two.hub.ConnectionCount() == 0 && time.Now().Before(deadline) {
			runtime.Gosched()
		}
	}()
	back := testkit.Subscribe(t, eventsURL(two.url, "a"), sse.WithLastEventID(ids[0]))
	testkit.Within(t, 10*time.Second, released, "the lagging instance to be released")
	one.broadcast(t, "a", "e2")
	assert.DeepEqual(t, []string{"e2"}, back.WaitFor(t, 1))
}

// hopper is a client that, each time its connection is cut, reconnects to the next
// instance with the last event ID it received.
func hop(t *testing.T, urls []string, lastID string) *testkit.Subscriber {
	t.Helper()
	return testkit.Run(t, func(ctx context.Context, record func(*sse.Event)) error {
		for i := 0; ctx.Err() == nil; i++ {
			c := sse.NewClient(urls[i%len(urls)], sse.WithLastEventID(lastID))
			err := c.SubscribeWithContext(ctx, record)
			if id := string(c.GetLastEventID()); id != "" {
				lastID = id
			}
			var re *sse.ResponseError
			if errors.As(err, &re) {
				return err // refused: the hub could not replay
			}
		}
		return ctx.Err()
	})
}

// TestExactlyOnceAcrossInstancesUnderChaos: clients are cut off at random moments
// while both instances publish, and come back each time to the other instance; each
// ends with every event of its topic exactly once, in order.
func TestExactlyOnceAcrossInstancesUnderChaos(t *testing.T) {
	const topics, perTopic, everyone, clients = 3, 150, 30, 8
	srv := startRedis(t, redisConfig{})

	cutter := testkit.NewCutter()
	var urls []string
	var instances []*instance
	for range 2 {
		in := &instance{backend: redis.New(srv.client(t))}
		// A closed connection is noticed at the next write: the heartbeat makes one
		// soon, whatever the events.
		in.hub = sse.NewHub(sse.WithBroadcaster(in.backend), sse.WithQueueSize(16), sse.WithHubHeartbeat(20*time.Millisecond))
		in.url = testkit.Serve(t, testkit.Routes{
			"/events": func(ctx context.Context, c *app.RequestContext) {
				defer cutter.Track(c)()
				if err := in.hub.Serve(ctx, c, string(c.QueryArgs().Peek("topic"))); errors.Is(err, sse.ErrUnknownEventID) || errors.Is(err, sse.ErrEventIDExpired) {
					t.Errorf("serve: %v", err)
					c.String(409, err.Error())
				}
			},
		})
		t.Cleanup(func() { _ = in.hub.Shutdown(context.Background()) })
		waitListening(t, in.backend)
		instances = append(instances, in)
		urls = append(urls, in.url)
	}

	start, err := instances[0].backend.LastID(context.Background())
	assert.Nil(t, err)
	subs := make([]*testkit.Subscriber, clients)
	for i := range subs {
		own := make([]string, len(urls))
		for j := range urls {
			own[j] = fmt.Sprintf("%s/events?topic=t%d", urls[(i+j)%len(urls)], i%topics)
		}
		subs[i] = hop(t, own, start)
	}
	cutter.WaitJoined(t, clients)

	// Each event goes through one instance or the other, as rounds alternate.
	want := cutter.Churn(t, topics, perTopic, everyone, func(n int, topic, data string) {
		in := instances[n%2]
		if topic == "" {
			in = instances[(n+1)%2]
		}
		in.broadcast(t, topic, data)
	})
	for i, s := range subs {
		assert.DeepEqual(t, want[i%topics], s.WaitFor(t, len(want[i%topics])))
	}
}

// TestHubShutdownEndsListen: Shutdown does not wait for a blocking XREAD to time out.
func TestHubShutdownEndsListen(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t), redis.WithBlockTime(time.Minute))
	hub := sse.NewHub(sse.WithBroadcaster(b))
	waitListening(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	assert.Nil(t, hub.Shutdown(ctx))
	assert.Assert(t, errors.Is(hub.Broadcast(context.Background(), &sse.Event{}), sse.ErrHubClosed))
}

// heldStart holds the first XREVRANGE of a Backend's client, which is where its
// Listen loop reads where to start, until release is closed.
type heldStart struct {
	goredis.UniversalClient
	first   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func (h *heldStart) XRevRangeN(ctx context.Context, stream, start, stop string, count int64) *goredis.XMessageSliceCmd {
	if h.first.CompareAndSwap(false, true) {
		close(h.entered)
		select {
		case <-h.release:
		case <-ctx.Done():
		}
	}
	return h.UniversalClient.XRevRangeN(ctx, stream, start, stop, count)
}

// TestClientOfAStartingInstanceMissesNothing: a client comes back to an instance whose
// Listen loop has not yet read where it starts, and events are published before it
// does. The client gets them by replay: the instance does not place it before its
// loop has started, which would begin past them.
func TestClientOfAStartingInstanceMissesNothing(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	other := redis.New(srv.client(t))
	ids := publish(t, other, "a", "before")

	held := &heldStart{UniversalClient: srv.client(t), entered: make(chan struct{}), release: make(chan struct{})}
	b := redis.New(held)
	hub := sse.NewHub(sse.WithBroadcaster(b))
	url := testkit.ServeTopics(t, hub, nil) // shuts the hub down when the test ends
	testkit.Within(t, 10*time.Second, held.entered, "the Listen loop to read where it starts")

	var opened atomic.Bool // the client's stream is open: its replay is done
	back := testkit.Run(t, func(ctx context.Context, record func(*sse.Event)) error {
		return sse.NewClient(eventsURL(url, "a"), sse.WithLastEventID(ids[0]),
			sse.WithOnConnect(func(context.Context, *sse.Client) { opened.Store(true) }),
		).SubscribeWithContext(ctx, record)
	})
	testkit.WaitUntil(t, "the client's stream to open or its LastID to wait for the Listen loop", func() bool {
		return opened.Load() || redis.LastIDWaiting(b)
	})
	publish(t, other, "a", "while starting")
	close(held.release)
	waitListening(t, b)
	publish(t, other, "a", "after")
	assert.DeepEqual(t, []string{"while starting", "after"}, back.WaitFor(t, 2))
}
