// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// Two hubs on one Redis, as two instances of a service: events are published on one
// at a steady rate, from many goroutines, and delivered to subscribers of the other.
const (
	twoHubsRate        = 20000 // events/s, all publishers together
	twoHubsPublishers  = 64
	twoHubsSubscribers = 10
	twoHubsDuration    = time.Second
)

// timedSubscriber is a Connection that checks every event arrives once and records
// how long after its BroadcastTo call it came.
type timedSubscriber struct {
	testkit.NopConn
	mu   sync.Mutex
	seen []bool // by sequence number
	dups int
	bad  int // events whose data is not a sequence number and a time
	took []time.Duration
	all  chan struct{} // closed once len(seen) events have come
}

func newTimedSubscriber(total int) *timedSubscriber {
	return &timedSubscriber{seen: make([]bool, total), took: make([]time.Duration, 0, total), all: make(chan struct{})}
}

func (s *timedSubscriber) Publish(e *sse.Event) error {
	seq, at, ok := parseTimed(e.Data)
	took := time.Duration(time.Now().UnixNano() - at)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !ok || seq >= len(s.seen):
		s.bad++
		return nil
	case s.seen[seq]:
		s.dups++
		return nil
	}
	s.seen[seq] = true
	s.took = append(s.took, took)
	if len(s.took) == len(s.seen) {
		close(s.all)
	}
	return nil
}

// timedData is the data of event seq, scheduled at at (in Unix nanoseconds).
func timedData(seq int, at int64) []byte {
	data := strconv.AppendInt(make([]byte, 0, 80), int64(seq), 10)
	data = append(data, ' ')
	data = strconv.AppendInt(data, at, 10)
	return append(data, " {\"symbol\":\"HTZ\",\"price\":101.25,\"volume\":1200}"...)
}

func parseTimed(data []byte) (seq int, at int64, ok bool) {
	f := bytes.SplitN(data, []byte(" "), 3)
	if len(f) < 2 {
		return 0, 0, false
	}
	seq, err1 := strconv.Atoi(string(f[0]))
	at, err2 := strconv.ParseInt(string(f[1]), 10, 64)
	return seq, at, err1 == nil && err2 == nil && seq >= 0
}

// BenchmarkTwoHubs: each op is one second of publishing at 20,000 events/s on one
// hub, from 64 goroutines, delivered to 10 subscribers of the other. It fails unless
// every subscriber receives every event exactly once, and reports the rate reached
// and the latency from each event's BroadcastTo call to its delivery.
func BenchmarkTwoHubs(b *testing.B) {
	srv := startRedis(b, redisConfig{})
	var hubs [2]*sse.Hub
	for i := range hubs {
		backend := redis.New(redisClient(b, srv, twoHubsPublishers))
		hubs[i] = sse.NewHub(sse.WithBroadcaster(backend), sse.WithQueueSize(1<<16), sse.WithHubHeartbeat(-1))
		b.Cleanup(func() { _ = hubs[i].Shutdown(context.Background()) })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := redis.WaitListening(ctx, backend, 1)
		cancel()
		if err != nil {
			b.Fatal(err)
		}
	}
	total := int(twoHubsRate * twoHubsDuration / time.Second)
	var took, calls []time.Duration
	var published time.Duration
	b.ResetTimer()
	for range b.N {
		subs := make([]*timedSubscriber, twoHubsSubscribers)
		for i := range subs {
			subs[i] = newTimedSubscriber(total)
			if err := hubs[1].Register(subs[i], "t"); err != nil {
				b.Fatal(err)
			}
		}
		elapsed, c := publishAtRate(b, hubs[0], total)
		published += elapsed
		calls = append(calls, c...)
		timeout := time.After(10 * time.Second)
		for _, s := range subs {
			select {
			case <-s.all:
			case <-timeout:
			}
			_ = hubs[1].Unregister(s)
			s.mu.Lock()
			if missing := total - len(s.took); missing > 0 || s.dups > 0 || s.bad > 0 {
				b.Fatalf("a subscriber missed %d events, received %d twice and %d unreadable, of %d", missing, s.dups, s.bad, total)
			}
			took = append(took, s.took...)
			s.mu.Unlock()
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(total*b.N)/published.Seconds(), "published/s")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1e3, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1e3, "p99-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1e3, "max-ms")
	slices.Sort(calls)
	b.ReportMetric(float64(calls[len(calls)*99/100].Microseconds())/1e3, "call-p99-ms")
}

// publishAtRate publishes total events on hub, spread over twoHubsPublishers
// goroutines, each event at its scheduled time (or at once if late), and returns how
// long it took and how long each BroadcastTo call took. Each event's data is its sequence number and the time of its
// BroadcastTo call.
func publishAtRate(b *testing.B, hub *sse.Hub, total int) (time.Duration, []time.Duration) {
	interval := time.Second / twoHubsRate
	start := time.Now()
	calls := make([]time.Duration, total)
	var wg sync.WaitGroup
	for p := range twoHubsPublishers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for seq := p; seq < total; seq += twoHubsPublishers {
				at := start.Add(time.Duration(seq) * interval)
				if d := time.Until(at); d > 0 {
					time.Sleep(d) // the schedule, not a wait for a signal
				}
				called := time.Now()
				e := &sse.Event{Event: "price", Data: timedData(seq, called.UnixNano())}
				if err := hub.BroadcastTo(ctx, "t", e); err != nil {
					b.Error(fmt.Errorf("publish %d: %w", seq, err))
					return
				}
				calls[seq] = time.Since(called)
			}
		}()
	}
	wg.Wait()
	return time.Since(start), calls
}
