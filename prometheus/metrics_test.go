// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	sseprom "github.com/hertz-contrib/sse/prometheus"
)

// newMetrics returns Metrics for hub on a registry of their own.
func newMetrics(t *testing.T, hub string, opts ...sseprom.Option) (*sseprom.Metrics, *promclient.Registry) {
	t.Helper()
	reg := promclient.NewPedanticRegistry()
	m, err := sseprom.New(append([]sseprom.Option{sseprom.WithRegisterer(reg), sseprom.WithHubName(hub)}, opts...)...)
	assert.Nil(t, err)
	return m, reg
}

// series returns the series name of hub in what g gathers.
func series(t *testing.T, g promclient.Gatherer, name, hub string) *dto.Metric {
	t.Helper()
	families, err := g.Gather()
	assert.Nil(t, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "hub" && l.GetValue() == hub {
					return m
				}
			}
		}
	}
	t.Fatalf("no %s for hub %q", name, hub)
	return nil
}

// TestTraffic runs a client through a real hub on a real server, with a reconnection
// that replays what it missed, and checks every series.
func TestTraffic(t *testing.T) {
	m, reg := newMetrics(t, "prices")
	testkit.Traffic{Live: 5, Missed: 3, After: 2}.Run(t, m)

	const want = `
# HELP sse_client_reconnects_total Times a client waited to reconnect after its stream ended.
# TYPE sse_client_reconnects_total counter
sse_client_reconnects_total{hub="prices"} 1
# HELP sse_connections Clients connected to the hub now.
# TYPE sse_connections gauge
sse_connections{hub="prices"} 0
# HELP sse_events_delivered_total Live events the hub wrote to clients, once per client; replayed events are not counted.
# TYPE sse_events_delivered_total counter
sse_events_delivered_total{hub="prices"} 7
# HELP sse_events_published_total Events the hub broadcast, once per event whatever the number of clients.
# TYPE sse_events_published_total counter
sse_events_published_total{hub="prices"} 10
# HELP sse_queue_full_total Events that found a client's queue full, by the slow-client policy the hub applied.
# TYPE sse_queue_full_total counter
sse_queue_full_total{hub="prices",policy="disconnect"} 0
sse_queue_full_total{hub="prices",policy="drop-events"} 0
# HELP sse_replays_total Clients that came back with a Last-Event-ID: recovered if the history covered it, gap if not.
# TYPE sse_replays_total counter
sse_replays_total{hub="prices",outcome="gap"} 0
sse_replays_total{hub="prices",outcome="recovered"} 1
# HELP sse_replayed_events Events sent to each client whose replay recovered what it missed.
# TYPE sse_replayed_events histogram
sse_replayed_events_bucket{hub="prices",le="0"} 0
sse_replayed_events_bucket{hub="prices",le="1"} 0
sse_replayed_events_bucket{hub="prices",le="10"} 1
sse_replayed_events_bucket{hub="prices",le="100"} 1
sse_replayed_events_bucket{hub="prices",le="1000"} 1
sse_replayed_events_bucket{hub="prices",le="10000"} 1
sse_replayed_events_bucket{hub="prices",le="+Inf"} 1
sse_replayed_events_sum{hub="prices"} 3
sse_replayed_events_count{hub="prices"} 1
`
	assert.Nil(t, testutil.GatherAndCompare(reg, strings.NewReader(want),
		"sse_client_reconnects_total", "sse_connections", "sse_events_delivered_total", "sse_events_published_total",
		"sse_queue_full_total", "sse_replays_total", "sse_replayed_events"))
	assert.DeepEqual(t, uint64(2), series(t, reg, "sse_connection_duration_seconds", "prices").GetHistogram().GetSampleCount())
}

// TestGap counts a client whose Last-Event-ID the history does not hold.
func TestGap(t *testing.T) {
	m, reg := newMetrics(t, "news")
	testkit.ReplayGap(t, m)

	const want = `
# HELP sse_replays_total Clients that came back with a Last-Event-ID: recovered if the history covered it, gap if not.
# TYPE sse_replays_total counter
sse_replays_total{hub="news",outcome="gap"} 1
sse_replays_total{hub="news",outcome="recovered"} 0
`
	assert.Nil(t, testutil.GatherAndCompare(reg, strings.NewReader(want), "sse_replays_total"))
	assert.DeepEqual(t, uint64(0), series(t, reg, "sse_replayed_events", "news").GetHistogram().GetSampleCount())
}

// TestQueueFull counts the event that finds a client's queue full under the
// policy the hub applies.
func TestQueueFull(t *testing.T) {
	for _, policy := range []sse.SlowPolicy{sse.SlowDisconnect, sse.SlowDropEvents} {
		t.Run(policy.String(), func(t *testing.T) {
			m, reg := newMetrics(t, "slow")
			testkit.OverflowQueue(t, policy, m)

			other := map[sse.SlowPolicy]string{sse.SlowDisconnect: "0", sse.SlowDropEvents: "0"}
			other[policy] = "1"
			want := `
# HELP sse_queue_full_total Events that found a client's queue full, by the slow-client policy the hub applied.
# TYPE sse_queue_full_total counter
sse_queue_full_total{hub="slow",policy="disconnect"} ` + other[sse.SlowDisconnect] + `
sse_queue_full_total{hub="slow",policy="drop-events"} ` + other[sse.SlowDropEvents] + `
# HELP sse_connections Clients connected to the hub now.
# TYPE sse_connections gauge
sse_connections{hub="slow"} 0
`
			assert.Nil(t, testutil.GatherAndCompare(reg, strings.NewReader(want), "sse_queue_full_total", "sse_connections"))
		})
	}
}

// TestHubsShareARegistry gives two hubs one registry: each has its own series, and a
// Metrics of another shape is refused without touching the registry.
func TestHubsShareARegistry(t *testing.T) {
	reg := promclient.NewPedanticRegistry()
	newHub := func(name string, opts ...sseprom.Option) (*sse.Hub, error) {
		m, err := sseprom.New(append([]sseprom.Option{sseprom.WithRegisterer(reg), sseprom.WithHubName(name)}, opts...)...)
		if err != nil {
			return nil, err
		}
		hub := sse.NewHub(sse.WithHubMetrics(m))
		t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
		return hub, nil
	}
	chat, err := newHub("chat")
	assert.Nil(t, err)
	prices, err := newHub("prices")
	assert.Nil(t, err)
	before, err := testutil.GatherAndCount(reg)
	assert.Nil(t, err)

	_, err = newHub("topics", sseprom.WithTopicLabel())
	assert.NotNil(t, err)
	var are promclient.AlreadyRegisteredError
	assert.False(t, errors.As(err, &are)) // a real conflict, not a duplicate
	after, err := testutil.GatherAndCount(reg)
	assert.Nil(t, err)
	assert.DeepEqual(t, before, after)

	for range 2 {
		assert.Nil(t, prices.Broadcast(context.Background(), &sse.Event{Data: []byte("x")}))
	}
	assert.Nil(t, chat.Broadcast(context.Background(), &sse.Event{Data: []byte("x")}))
	const want = `
# HELP sse_events_published_total Events the hub broadcast, once per event whatever the number of clients.
# TYPE sse_events_published_total counter
sse_events_published_total{hub="chat"} 1
sse_events_published_total{hub="prices"} 2
`
	assert.Nil(t, testutil.GatherAndCompare(reg, strings.NewReader(want), "sse_events_published_total"))
}

// TestOptions checks the defaults and the bucket options.
func TestOptions(t *testing.T) {
	bounds := func(g promclient.Gatherer, name, hub string) []float64 {
		var got []float64
		for _, b := range series(t, g, name, hub).GetHistogram().GetBucket() {
			got = append(got, b.GetUpperBound())
		}
		return got
	}
	reg := promclient.NewPedanticRegistry()
	_, err := sseprom.New(sseprom.WithRegisterer(reg), sseprom.WithHubName(""))
	assert.Nil(t, err)
	assert.DeepEqual(t, sseprom.DefaultDurationBuckets, bounds(reg, "sse_connection_duration_seconds", sseprom.DefaultHubName))
	assert.DeepEqual(t, sseprom.DefaultReplayBuckets, bounds(reg, "sse_replayed_events", sseprom.DefaultHubName))

	custom := promclient.NewPedanticRegistry()
	_, err = sseprom.New(sseprom.WithRegisterer(custom), sseprom.WithDurationBuckets(1, 2), sseprom.WithReplayBuckets(3))
	assert.Nil(t, err)
	assert.DeepEqual(t, []float64{1, 2}, bounds(custom, "sse_connection_duration_seconds", sseprom.DefaultHubName))
	assert.DeepEqual(t, []float64{3}, bounds(custom, "sse_replayed_events", sseprom.DefaultHubName))

	_, err = sseprom.New(sseprom.WithRegisterer(nil), sseprom.WithHubName("nil-registerer"))
	assert.Nil(t, err)
	series(t, promclient.DefaultGatherer, "sse_connections", "nil-registerer")
}

// TestOtherBuckets registers a second Metrics with other buckets: it is not another
// shape, so it is accepted, and the first registration's buckets stay.
func TestOtherBuckets(t *testing.T) {
	_, reg := newMetrics(t, "first")
	second, err := sseprom.New(sseprom.WithRegisterer(reg), sseprom.WithHubName("second"), sseprom.WithReplayBuckets(5))
	assert.Nil(t, err)
	second.Replay(true, 3)
	var bounds []float64
	for _, b := range series(t, reg, "sse_replayed_events", "second").GetHistogram().GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	assert.DeepEqual(t, sseprom.DefaultReplayBuckets, bounds)
}

// TestDefaultRegisterer registers with client_golang's default registry when no
// registerer is given, and a second Metrics of the same hub there shares its series.
func TestDefaultRegisterer(t *testing.T) {
	const hub = "default-registry"
	reconnects := func() float64 {
		return series(t, promclient.DefaultGatherer, "sse_client_reconnects_total", hub).GetCounter().GetValue()
	}
	first, err := sseprom.New(sseprom.WithHubName(hub))
	assert.Nil(t, err)
	second, err := sseprom.New(sseprom.WithHubName(hub))
	assert.Nil(t, err)
	before := reconnects()
	first.Reconnect()
	second.Reconnect()
	assert.DeepEqual(t, before+2, reconnects())
}

// TestTopicLabel labels published events by topic only when asked to.
func TestTopicLabel(t *testing.T) {
	m, reg := newMetrics(t, "topics", sseprom.WithTopicLabel())
	testkit.BroadcastTo(t, m, "news", "news", "sport", "")
	const want = `
# HELP sse_events_published_total Events the hub broadcast, once per event whatever the number of clients.
# TYPE sse_events_published_total counter
sse_events_published_total{hub="topics",topic=""} 1
sse_events_published_total{hub="topics",topic="news"} 2
sse_events_published_total{hub="topics",topic="sport"} 1
`
	assert.Nil(t, testutil.GatherAndCompare(reg, strings.NewReader(want), "sse_events_published_total"))
}

// TestNoAllocations pins that the methods a hub calls per event allocate nothing.
func TestNoAllocations(t *testing.T) {
	m, _ := newMetrics(t, "allocs")
	byTopic, _ := newMetrics(t, "allocs", sseprom.WithTopicLabel())
	testkit.NoAllocations(t, m, byTopic)
}
