// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"encoding"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// outcomes records what each publish of a fault test was told.
type outcomes struct {
	mu          sync.Mutex
	ok          map[string]bool // data of the events reported stored
	failed      map[string]bool // reported not stored
	unconfirmed map[string]bool // reported unknown
}

func newOutcomes() *outcomes {
	return &outcomes{ok: map[string]bool{}, failed: map[string]bool{}, unconfirmed: map[string]bool{}}
}

func (o *outcomes) record(data string, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case err == nil:
		o.ok[data] = true
	case errors.Is(err, redis.ErrUnconfirmed):
		o.unconfirmed[data] = true
	default:
		o.failed[data] = true
	}
}

// check compares the outcomes with the stream: every event reported stored is there
// once, every event reported not stored is not, none is there twice; and the
// subscriber received exactly the stream, in order.
func (o *outcomes) check(t *testing.T, srv *redisServer, b *redis.Backend, sub *recorder) {
	t.Helper()
	stored := entries(t, srv, b)
	count := map[string]int{}
	for _, d := range stored {
		count[d]++
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for d, n := range count {
		assert.Assert(t, n == 1, "stored twice:", d, n)
		assert.Assert(t, o.ok[d] || o.unconfirmed[d], "stored but reported failed:", d)
	}
	for d := range o.ok {
		assert.Assert(t, count[d] == 1, "reported stored but missing:", d)
	}
	t.Logf("%d stored, %d failed, %d unconfirmed (%d of them stored)", len(o.ok), len(o.failed), len(o.unconfirmed), len(stored)-len(o.ok))
	assert.DeepEqual(t, stored, sub.waitFor(t, len(stored)))
}

// recorder is a Connection that records the data of what it is sent.
type recorder struct {
	testkit.NopConn
	mu     sync.Mutex
	data   []string
	notify chan struct{}
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{}, 1)} }

func (r *recorder) Publish(e *sse.Event) error {
	r.mu.Lock()
	r.data = append(r.data, string(e.Data))
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
	return nil
}

// waitFor waits until r has n events, or 10 seconds, and returns them.
func (r *recorder) waitFor(t *testing.T, n int) []string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		r.mu.Lock()
		got := append([]string(nil), r.data...)
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-r.notify:
		case <-timeout:
			return got
		}
	}
}

// subscribe registers a recorder with a hub of its own on srv, reached directly.
func subscribe(t *testing.T, srv *redisServer) *recorder {
	t.Helper()
	b := redis.New(srv.client(t))
	hub := sse.NewHub(sse.WithBroadcaster(b), sse.WithQueueSize(1<<16), sse.WithHubHeartbeat(-1))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	waitListening(t, b)
	r := newRecorder()
	assert.Nil(t, hub.Register(r, "t"))
	return r
}

// startBroadcasting starts a hub on b, and 16 goroutines broadcasting on it (see
// runBroadcasters) whose outcomes are recorded in out; stop ends them and waits.
func startBroadcasting(t *testing.T, b *redis.Backend) (out *outcomes, stop func()) {
	t.Helper()
	hub := sse.NewHub(sse.WithBroadcaster(b), sse.WithHubHeartbeat(-1))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	waitListening(t, b)
	out = newOutcomes()
	done := make(chan struct{})
	wait := runBroadcasters(hub, 16, out, done)
	return out, func() { close(done); wait() }
}

// runBroadcasters runs n goroutines broadcasting numbered events on hub until stop is
// closed, recording each outcome; after a failure each waits for the next tick, so
// that an outage is not a busy loop.
func runBroadcasters(hub *sse.Hub, n int, out *outcomes, stop <-chan struct{}) (wait func()) {
	var wg sync.WaitGroup
	for p := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				data := fmt.Sprintf("p%d-%d", p, i)
				err := hub.BroadcastTo(context.Background(), "t", &sse.Event{Data: []byte(data)})
				out.record(data, err)
				if err != nil {
					select {
					case <-stop:
						return
					case <-tick.C:
					}
				}
			}
		}()
	}
	return wg.Wait
}

// TestConnectionsCutMidBatch: the connections between an instance and Redis are cut
// again and again while its publishers keep batches in flight, and go-redis retries
// what it can. No event is stored twice, every event reported stored is there, none
// reported failed is, and a subscriber of another instance receives exactly the
// stream.
//
// Besides cuts at random moments, every fourth batch is cut on each of go-redis's
// attempts, either before Redis runs it or once it has (its reply lost), so that the
// Backend must settle it; and every third of those has the question about its
// outcome cut too. Each of their events gets the answer its batch's fate implies.
//
// The stream is not trimmed: the checks compare its whole history, from 0-0, with
// every outcome. Trimmed, the stream would rightly start at an entry whose prev
// names an entry trimmed away, which is how replay and Listen tell that history was
// lost (trim_test.go tests trimming and its gaps).
func TestConnectionsCutMidBatch(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	sub := subscribe(t, srv)
	proxy := startProxy(t, srv.Addr())
	rdb := proxy.client(t)
	var calls, hits atomic.Int32 // hits: batches whose every attempt was cut
	var loaded atomic.Bool       // the script is in Redis's cache: no NOSCRIPT reply comes
	var mu sync.Mutex
	plans := map[string]*cutPlan{} // by the batch's mark
	var planned []*cutPlan
	rdb.AddHook(&scriptHook{
		commit: func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error {
			args := cmd.Args() // evalsha, sha, 2, stream, record, batch number, ...
			if loaded.Load() && calls.Add(1)%4 == 0 {
				mark := string(respArgs(args[4], args[5]))
				mu.Lock()
				n := len(planned) + 1
				plan := &cutPlan{how: loseRequest, question: n%3 == 0, data: batchData(args)}
				if n%2 == 1 {
					plan.how = loseReply
				}
				plans[mark] = plan
				planned = append(planned, plan)
				mu.Unlock()
				release := proxy.cutCommands([]byte(mark), plan.how)
				defer func() {
					ran := release()
					mu.Lock()
					plan.ran = ran > 0
					mu.Unlock()
				}()
			}
			err := next(ctx, cmd)
			if err == nil {
				loaded.Store(true)
			}
			if isNetError(err) {
				hits.Add(1)
			}
			return err
		},
		fence: func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error {
			args := cmd.Args() // evalsha, sha, 1, record, batch number, ...
			mark := string(respArgs(args[3], args[4]))
			mu.Lock()
			plan := plans[mark]
			mu.Unlock()
			if plan != nil && plan.question {
				defer proxy.cutCommands([]byte(mark), plan.how)()
			}
			return next(ctx, cmd)
		},
	})
	b := redis.New(rdb, redis.WithBlockTime(100*time.Millisecond), redis.WithMaxLen(0))
	out, stop := startBroadcasting(t, b)
	plannedCount := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(planned)
	}
	cuts := time.NewTicker(7 * time.Millisecond)
	deadline := time.After(30 * time.Second)
	for n := 0; plannedCount() < 12 || n < 100; n++ { // 12: each fate at least twice
		select {
		case <-cuts.C:
			proxy.cut()
		case <-deadline:
			t.Fatalf("after %d cuts and %d batches, only %d were chosen to be cut", n, calls.Load(), plannedCount())
		}
	}
	cuts.Stop()
	stop()
	t.Logf("%d batches cut in flight (%d chosen), besides %d cuts of every connection", hits.Load(), len(planned), proxy.cuts)
	out.check(t, srv, b, sub)

	// A random cut may take every attempt of a question, whose answer is then
	// "unknown"; or every attempt of a batch to lose its reply before Redis answers
	// one, which leaves it to out.check.
	fates := map[string]int{}
	out.mu.Lock()
	defer out.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	for _, plan := range planned {
		for _, d := range plan.data {
			switch {
			case plan.question:
				assert.Assert(t, out.unconfirmed[d], "not reported unknown though Redis could not be asked:", d)
			case plan.how == loseRequest:
				assert.Assert(t, out.failed[d] || out.unconfirmed[d], "never sent, but reported stored:", d)
			case plan.ran:
				assert.Assert(t, out.ok[d] || out.unconfirmed[d], "stored, its reply lost, but reported failed:", d)
			}
			switch {
			case out.ok[d]:
				fates["stored"]++
			case out.failed[d]:
				fates["failed"]++
			default:
				fates["unknown"]++
			}
		}
	}
	assert.Assert(t, fates["stored"] > 0 && fates["failed"] > 0 && fates["unknown"] > 0, fates)
}

// cutPlan is the fate of a batch that TestConnectionsCutMidBatch cuts in flight.
type cutPlan struct {
	how      verdict  // what becomes of each attempt
	question bool     // the question about its outcome is cut too
	data     []string // of its events
	ran      bool     // Redis ran an attempt, whose reply was lost
}

// batchData returns the data of the events of a commit script call's args: after
// the script, the number of keys, two keys and four arguments, four per event.
func batchData(args []any) []string {
	var data []string
	for i := 11; i < len(args); i += 4 {
		raw, err := args[i].(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			panic(err)
		}
		data = append(data, string(raw))
	}
	return data
}

// TestRedisKilledMidBatch: Redis, with its append-only file, is killed while
// publishers keep batches in flight, then started again. Events reported stored
// survive, once each; none reported failed is stored; a subscriber of another
// instance receives exactly the stream, across the restart.
func TestRedisKilledMidBatch(t *testing.T) {
	srv := startRedis(t, redisConfig{persistent: true})
	sub := subscribe(t, srv)
	b := redis.New(srv.client(t))
	out, stop := startBroadcasting(t, b)
	stored := func() int {
		out.mu.Lock()
		defer out.mu.Unlock()
		return len(out.ok)
	}
	testkit.WaitUntil(t, "events to be stored", func() bool { return stored() >= 500 })
	srv.kill()
	before := stored()
	failedBefore := func() int {
		out.mu.Lock()
		defer out.mu.Unlock()
		return len(out.failed) + len(out.unconfirmed)
	}
	testkit.WaitUntil(t, "publishes to fail", func() bool { return failedBefore() > 0 })
	srv.restart()
	testkit.WaitUntil(t, "events to be stored again", func() bool { return stored() >= before+500 })
	stop()
	out.check(t, srv, b, sub)
}
