// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/metricsspec"
)

// The runs in this file drive a Hub and a Client through known situations, for the
// tests of the metrics adapters: each says what it reports to the sse.Metrics it is
// given, and the adapter's test checks what the adapter made of it.

// Run serves a hub with a history of 100 events that reports to m, and drives the
// traffic through it with a Client that reports to m too; when it returns, m has
// been told what [Traffic.Drive] says.
func (tr Traffic) Run(t testing.TB, m sse.Metrics) {
	t.Helper()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(100, 0)), sse.WithHubMetrics(m))
	gate := NewGate()
	tr.Drive(t, hub, ServeHub(t, hub, gate), gate, sse.WithClientMetrics(m))
}

// ReplayGap runs a client whose Last-Event-ID the history of a hub that reports to m
// does not hold, until the hub has told it so with a history-lost event. When it
// returns, m has been told of one replay that found a gap, and of none that
// recovered.
func ReplayGap(t testing.TB, m sse.Metrics) {
	t.Helper()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(100, 0)), sse.WithHubMetrics(m))
	gate := NewGate()
	url := ServeHub(t, hub, gate)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var told bool
	lost := func(e *sse.Event) bool { _, told = sse.IsHistoryLost(e); return told }
	err := sse.NewClient(url, sse.WithLastEventID("no-such-id"), sse.WithStopWhen(lost)).
		SubscribeWithContext(ctx, func(*sse.Event) {})
	if err != nil || !told {
		t.Fatalf("the client's stream ended with %v before a history-lost event", err)
	}
	gate.WaitEnded(t, 1)
}

// BroadcastTo broadcasts one event to each of topics in turn ("" for every client)
// on a hub that reports to m and has no client.
func BroadcastTo(t testing.TB, m sse.Metrics, topics ...string) {
	t.Helper()
	hub := sse.NewHub(sse.WithHubMetrics(m))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	for _, topic := range topics {
		if err := hub.BroadcastTo(context.Background(), topic, &sse.Event{Data: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
}

// perEventCalls are the calls that m gets from a Hub or a Client on their delivery
// paths, by name; byTopic labels events by topic and has seen the topic "news".
func perEventCalls(t testing.TB, m, byTopic sse.Metrics) map[string]func() {
	t.Helper()
	durations, ok := m.(sse.DurationMetrics)
	if !ok {
		t.Fatalf("%T is not an sse.DurationMetrics", m)
	}
	return map[string]func(){
		"EventPublished":       func() { m.EventPublished("news") },
		"EventPublished/topic": func() { byTopic.EventPublished("news") },
		"EventsDelivered":      func() { m.EventsDelivered(3) },
		"QueueFull":            func() { m.QueueFull(sse.SlowDropEvents) },
		"Replay":               func() { m.Replay(true, 3) },
		"Connection":           func() { m.ConnectionOpened(); m.ConnectionClosed() },
		"Reconnect":            m.Reconnect,
		"ConnectionEnded":      func() { durations.ConnectionEnded(time.Second) },
	}
}

// NoAllocations fails the test if a method of m that a Hub or a Client calls
// allocates, and so does EventPublished of byTopic, which labels events by topic,
// once it has seen the topic.
func NoAllocations(t *testing.T, m, byTopic sse.Metrics) {
	t.Helper()
	byTopic.EventPublished("news") // the first sight of a topic may allocate
	for name, call := range perEventCalls(t, m, byTopic) {
		if allocs := testing.AllocsPerRun(100, call); allocs != 0 {
			t.Errorf("%s allocates %v times per call", name, allocs)
		}
	}
}

// BenchmarkPerEvent measures the calls a hub makes per event, on one goroutine and
// on all of them at once, on sse.NopMetrics, on m under name and on byTopic, which
// labels events by topic, under name-topic.
func BenchmarkPerEvent(b *testing.B, name string, m, byTopic sse.Metrics) {
	for _, impl := range []struct {
		name string
		m    sse.Metrics
	}{{"nop", sse.NopMetrics{}}, {name, m}, {name + "-topic", byTopic}} {
		perEvent := func() {
			impl.m.EventPublished("news")
			impl.m.EventsDelivered(1)
		}
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				perEvent()
			}
		})
		b.Run(impl.name+"-parallel", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					perEvent()
				}
			})
		})
	}
}

// Exposition is the family of a gauge or a counter in the Prometheus text format, as
// a scrape shows it and client_golang's testutil compares it: its HELP and TYPE
// lines, then a line for each of samples, which are a series' labels and value,
// such as `{hub="a"} 1`.
func Exposition(in metricsspec.Instrument, samples ...string) string {
	kind := "counter"
	if in.Kind == metricsspec.UpDownCounter {
		kind = "gauge"
	}
	name := in.PrometheusName()
	var b strings.Builder
	b.WriteString("# HELP " + name + " " + in.Help + "\n# TYPE " + name + " " + kind + "\n")
	for _, s := range samples {
		b.WriteString(name + s + "\n")
	}
	return b.String()
}
