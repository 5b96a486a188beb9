// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel_test

import (
	"context"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
	global "go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	sseotel "github.com/hertz-contrib/sse/otel"
)

func hubAttr(name string) attribute.KeyValue { return attribute.String("sse.hub", name) }

// TestTraffic runs a client through a real hub on a real server, with a reconnection
// that replays what it missed, and checks what the SDK collected.
func TestTraffic(t *testing.T) {
	m, reader := newMetrics(t, "prices")
	testkit.Traffic{Live: 5, Missed: 3, After: 2}.Run(t, m)

	c := collect(t, reader)
	hub0 := hubAttr("prices")
	for name, want := range map[string]int64{
		"sse.connections":       0,
		"sse.events.published":  10,
		"sse.events.delivered":  7,
		"sse.client.reconnects": 1,
	} {
		assert.Assertf(t, c.sum(t, name, hub0) == want, "%s is %d, want %d", name, c.sum(t, name, hub0), want)
	}
	recovered := attribute.String("sse.replay.outcome", "recovered")
	gap := attribute.String("sse.replay.outcome", "gap")
	assert.DeepEqual(t, int64(1), c.sum(t, "sse.replays", hub0, recovered))
	assert.DeepEqual(t, int64(0), c.sum(t, "sse.replays", hub0, gap))
	assert.DeepEqual(t, int64(0), c.sum(t, "sse.queue_full", hub0, attribute.String("sse.slow_policy", "disconnect")))

	replayed, ok := histogram[int64](t, c, "sse.replayed_events", hub0)
	assert.True(t, ok)
	assert.DeepEqual(t, uint64(1), replayed.Count)
	assert.DeepEqual(t, int64(3), replayed.Sum)
	assert.DeepEqual(t, sseotel.DefaultReplayBuckets, replayed.Bounds)
	assert.DeepEqual(t, []uint64{0, 0, 1, 0, 0, 0, 0}, replayed.BucketCounts) // 3 is in (1, 10]

	durations, ok := histogram[float64](t, c, "sse.connection.duration", hub0)
	assert.True(t, ok)
	assert.DeepEqual(t, uint64(2), durations.Count)
	assert.Assert(t, durations.Sum > 0, durations.Sum)
	assert.DeepEqual(t, sseotel.DefaultDurationBuckets, durations.Bounds)
}

// TestGap counts a client whose Last-Event-ID the history does not hold.
func TestGap(t *testing.T) {
	m, reader := newMetrics(t, "news")
	testkit.ReplayGap(t, m)

	c := collect(t, reader)
	assert.DeepEqual(t, int64(1), c.sum(t, "sse.replays", hubAttr("news"), attribute.String("sse.replay.outcome", "gap")))
	assert.DeepEqual(t, int64(0), c.sum(t, "sse.replays", hubAttr("news"), attribute.String("sse.replay.outcome", "recovered")))
	_, replayed := histogram[int64](t, c, "sse.replayed_events", hubAttr("news"))
	assert.False(t, replayed)
}

// TestQueueFull counts the event that finds a client's queue full under the
// policy the hub applies.
func TestQueueFull(t *testing.T) {
	for _, policy := range []sse.SlowPolicy{sse.SlowDisconnect, sse.SlowDropEvents} {
		t.Run(policy.String(), func(t *testing.T) {
			m, reader := newMetrics(t, "slow")
			testkit.OverflowQueue(t, policy, m)

			c := collect(t, reader)
			for _, p := range []sse.SlowPolicy{sse.SlowDisconnect, sse.SlowDropEvents} {
				want := int64(0)
				if p == policy {
					want = 1
				}
				got := c.sum(t, "sse.queue_full", hubAttr("slow"), attribute.String("sse.slow_policy", p.String()))
				assert.Assertf(t, got == want, "sse.queue_full for %s is %d, want %d", p, got, want)
			}
			assert.DeepEqual(t, int64(0), c.sum(t, "sse.connections", hubAttr("slow")))
			assert.DeepEqual(t, int64(3), c.sum(t, "sse.events.published", hubAttr("slow")))
		})
	}
}

// TestInstruments pins the kind, unit and description of every instrument.
func TestInstruments(t *testing.T) {
	m, reader := newMetrics(t, "kinds")
	m.ConnectionOpened()
	m.EventPublished("")
	m.EventsDelivered(1)
	m.QueueFull(sse.SlowDropEvents)
	m.Replay(true, 1)
	m.Reconnect()
	m.ConnectionEnded(time.Second)
	c := collect(t, reader)

	for name, want := range map[string]struct {
		unit string
		kind string
	}{
		"sse.connections":         {"{connection}", "updowncounter"},
		"sse.events.published":    {"{event}", "counter"},
		"sse.events.delivered":    {"{event}", "counter"},
		"sse.queue_full":          {"{event}", "counter"},
		"sse.replays":             {"{replay}", "counter"},
		"sse.replayed_events":     {"{event}", "histogram"},
		"sse.client.reconnects":   {"{reconnect}", "counter"},
		"sse.connection.duration": {"s", "histogram"},
	} {
		got, ok := c[name]
		assert.Assertf(t, ok, "no instrument %s", name)
		kind := "?"
		switch data := got.Data.(type) {
		case metricdata.Sum[int64]:
			kind = "updowncounter"
			if data.IsMonotonic {
				kind = "counter"
			}
		case metricdata.Histogram[int64], metricdata.Histogram[float64]:
			kind = "histogram"
		}
		assert.Assertf(t, got.Unit == want.unit && kind == want.kind && got.Description != "",
			"%s: unit %q, kind %s, description %q; want unit %q, kind %s", name, got.Unit, kind, got.Description, want.unit, want.kind)
	}
	assert.DeepEqual(t, 8, len(c))
}

// TestHubsShareAProvider gives two hubs one provider: they share its instruments and
// each has its own data points.
func TestHubsShareAProvider(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = provider.Shutdown(context.Background()) })
	chat, err := sseotel.New(sseotel.WithMeterProvider(provider), sseotel.WithHubName("chat"))
	assert.Nil(t, err)
	prices, err := sseotel.New(sseotel.WithMeterProvider(provider), sseotel.WithHubName("prices"))
	assert.Nil(t, err)

	chat.EventPublished("")
	prices.EventPublished("")
	prices.EventPublished("")
	c := collect(t, reader)
	assert.DeepEqual(t, int64(1), c.sum(t, "sse.events.published", hubAttr("chat")))
	assert.DeepEqual(t, int64(2), c.sum(t, "sse.events.published", hubAttr("prices")))
}

// TestGlobalProvider takes the global MeterProvider and the default hub name when
// none is given.
func TestGlobalProvider(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = provider.Shutdown(context.Background()) })
	previous := global.GetMeterProvider()
	global.SetMeterProvider(provider)
	t.Cleanup(func() { global.SetMeterProvider(previous) })

	m, err := sseotel.New(sseotel.WithMeterProvider(nil), sseotel.WithHubName("")) // both mean the default
	assert.Nil(t, err)
	m.Reconnect()
	assert.DeepEqual(t, int64(1), collect(t, reader).sum(t, "sse.client.reconnects", hubAttr(sseotel.DefaultHubName)))
}

// TestTopicAttribute labels published events by topic only when asked to.
func TestTopicAttribute(t *testing.T) {
	m, reader := newMetrics(t, "topics", sseotel.WithTopicAttribute())
	testkit.BroadcastTo(t, m, "news", "news", "sport", "")
	c := collect(t, reader)
	topic := func(name string) attribute.KeyValue { return attribute.String("sse.topic", name) }
	assert.DeepEqual(t, int64(2), c.sum(t, "sse.events.published", hubAttr("topics"), topic("news")))
	assert.DeepEqual(t, int64(1), c.sum(t, "sse.events.published", hubAttr("topics"), topic("sport")))
	assert.DeepEqual(t, int64(1), c.sum(t, "sse.events.published", hubAttr("topics"), topic("")))
	assert.DeepEqual(t, int64(0), c.sum(t, "sse.events.published", hubAttr("topics")))
}

// TestNoAllocations pins that the methods a hub calls per event allocate nothing
// with the SDK.
func TestNoAllocations(t *testing.T) {
	m, _ := newMetrics(t, "allocs")
	byTopic, _ := newMetrics(t, "allocs", sseotel.WithTopicAttribute())
	testkit.NoAllocations(t, m, byTopic)
}
