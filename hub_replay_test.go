// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

func broadcast(t *testing.T, hub *sse.Hub, topic string, data ...string) {
	t.Helper()
	for _, d := range data {
		assert.Nil(t, hub.BroadcastTo(context.Background(), topic, &sse.Event{Data: []byte(d)}))
	}
}

func TestHubReplaysWhatTheClientMissed(t *testing.T) {
	replayer := sse.NewMemoryReplayer(100, 0)
	hub := sse.NewHub(sse.WithReplayer(replayer))
	url := hubServer(t, hub, nil)

	first := testkit.Subscribe(t, url+"/events?topic=a")
	broadcast(t, hub, "a", "a1", "a2")
	broadcast(t, hub, "b", "b1")
	first.WaitFor(t, 2)
	lastID := first.IDs()[1]

	broadcast(t, hub, "a", "a3")
	broadcast(t, hub, "b", "b2")
	broadcast(t, hub, "", "all")

	// A client that saw a2 comes back: it gets a3 and "all", then live events.
	back := testkit.Subscribe(t, url+"/events?topic=a", sse.WithLastEventID(lastID))
	broadcast(t, hub, "a", "a4")
	assert.DeepEqual(t, []string{"a3", "all", "a4"}, back.WaitFor(t, 3))

	// Without Last-Event-ID nothing is replayed.
	fresh := testkit.Subscribe(t, url+"/events?topic=a")
	broadcast(t, hub, "a", "a5")
	assert.DeepEqual(t, []string{"a5"}, fresh.WaitFor(t, 1))
}

func TestHubGapPolicies(t *testing.T) {
	cases := []struct {
		policy sse.GapPolicy
		want   []string // what a client with an unknown ID receives, "live" being sent after it connects
	}{
		{sse.GapNotify, []string{`{"lastEventId":"from-another-server","reason":"unknown"}`, "live"}},
		{sse.GapReplayAll, []string{"held1", "held2", "live"}},
		{sse.GapLiveOnly, []string{"live"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.policy), func(t *testing.T) {
			hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(0, 0)), sse.WithGapPolicy(tc.policy))
			url := hubServer(t, hub, nil)
			broadcast(t, hub, "a", "held1", "held2")
			s := testkit.Subscribe(t, url+"/events?topic=a", sse.WithLastEventID("from-another-server"))
			broadcast(t, hub, "a", "live")
			assert.DeepEqual(t, tc.want, s.WaitFor(t, len(tc.want)))
		})
	}
}

// TestHubGapNotifyIsTheDefault: a client whose history is gone keeps its stream, is
// told so first by an event of its own, and then receives live events.
func TestHubGapNotifyIsTheDefault(t *testing.T) {
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(2, 0)))
	url := hubServer(t, hub, nil)
	first := testkit.Subscribe(t, url+"/events?topic=a")
	broadcast(t, hub, "a", "seen")
	first.WaitFor(t, 1)
	first.Stop()
	seen := first.IDs()[0]
	broadcast(t, hub, "a", "x1", "x2", "x3") // the two-event history no longer holds "seen"

	events := make(chan *sse.Event, 4)
	connected := make(chan struct{})
	c := sse.NewClient(url+"/events?topic=a", sse.WithLastEventID(seen),
		sse.WithOnConnect(func(context.Context, *sse.Client) { close(connected) }))
	sub := subscribeAsync(t, c, func(e *sse.Event) { events <- e })
	notice := testkit.Within(t, 10*time.Second, events, "the history-lost event")
	testkit.Within(t, 10*time.Second, connected, "the client to connect")
	lost, ok := sse.IsHistoryLost(notice)
	assert.Assert(t, ok, notice)
	assert.DeepEqual(t, sse.HistoryLost{LastEventID: seen, Reason: "expired"}, lost)
	broadcast(t, hub, "a", "live")
	live := testkit.Within(t, 10*time.Second, events, "the live event")
	assert.DeepEqual(t, "live", string(live.Data))
	_, isLost := sse.IsHistoryLost(live)
	assert.Assert(t, !isLost)
	sub.cancelAndWait(t)
}

// TestHubGapRefuseAnswersNoContent: a refusing policy still answers the request
// itself, with 204, which makes the client stop; Serve returns the gap.
func TestHubGapRefuseAnswersNoContent(t *testing.T) {
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(0, 0)), sse.WithGapPolicy(sse.GapRefuse))
	results := make(chan error, 1)
	url := hubServer(t, hub, results)
	events, err := collect(t, context.Background(), sse.NewClient(url+"/events",
		sse.WithLastEventID("bogus"), sse.WithReconnect(sse.ReconnectPolicy{})))
	assert.Nil(t, err) // 204: the client stops, without an error
	assert.DeepEqual(t, 0, len(events))
	served := testkit.Within(t, 10*time.Second, results, "Serve to return")
	assert.Assert(t, errors.Is(served, sse.ErrUnknownEventID), served)
}

// churnClients serves hub on /events?topic=, each connection tracked by the Cutter it
// returns, and subscribes clients reconnecting clients, client i to topic
// "t<i%topics>"; it returns once they have all connected. The hub is shut down when
// the test ends.
func churnClients(t *testing.T, hub *sse.Hub, clients, topics int) (*testkit.Cutter, []*testkit.Subscriber) {
	t.Helper()
	cutter := testkit.NewCutter()
	url := testkit.Serve(t, testkit.Routes{"/events": cutter.Handler(testkit.TopicsHandler(hub, nil))})
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	reconnect := sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond, MaxDelay: 2 * time.Millisecond})
	subs := make([]*testkit.Subscriber, clients)
	for i := range subs {
		subs[i] = testkit.Subscribe(t, fmt.Sprintf("%s/events?topic=t%d", url, i%topics), reconnect)
	}
	cutter.WaitJoined(t, clients)
	return cutter, subs
}

// TestHubExactlyOnceUnderChaos: clients that reconnect are cut off at random moments
// while events keep coming; each ends with every event of its topics exactly once,
// in order.
func TestHubExactlyOnceUnderChaos(t *testing.T) {
	const topics, perTopic, everyone, clients = 4, 250, 50, 16
	metrics := newCountingMetrics()
	// A cut connection is noticed at the next write: the short heartbeat makes one
	// even when no event for that client's topic comes.
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(0, 0)), sse.WithQueueSize(32),
		sse.WithHubMetrics(metrics), sse.WithHubHeartbeat(10*time.Millisecond))

	cutter, subs := churnClients(t, hub, clients, topics)
	want := cutter.Churn(t, topics, perTopic, everyone, func(_ int, topic, data string) { broadcast(t, hub, topic, data) })
	for i, s := range subs {
		assert.DeepEqual(t, want[i%topics], s.WaitFor(t, len(want[i%topics])))
	}
	metrics.mu.Lock()
	defer metrics.mu.Unlock()
	t.Logf("%d connections for %d clients, %d replays, %d events replayed", metrics.opened, clients, metrics.replays, metrics.replayed)
	assert.Assert(t, metrics.replays > clients, "too few reconnections to prove anything", metrics.replays)
}
