// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
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

// scriptHook lets a test step into the Backend's script calls on their way to Redis:
// commit is called for each batch (EVALSHA or EVAL with two keys), fence for each
// question about a lost batch (one key). Either may call next, or not, and return
// what it likes. Nil passes the call through.
type scriptHook struct {
	commit, fence func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error
}

func (h *scriptHook) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *scriptHook) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return next
}

func (h *scriptHook) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		args := cmd.Args()
		if name := cmd.Name(); (name == "evalsha" || name == "eval") && len(args) > 2 {
			switch fmt.Sprint(args[2]) {
			case "2":
				if h.commit != nil {
					return h.commit(ctx, cmd, next)
				}
			case "1":
				if h.fence != nil {
					return h.fence(ctx, cmd, next)
				}
			}
		}
		return next(ctx, cmd)
	}
}

// hooked returns a client of srv with h, closed when the test ends.
func hooked(t *testing.T, srv *redisServer, h *scriptHook) *goredis.Client {
	t.Helper()
	c := srv.client(t)
	c.AddHook(h)
	return c
}

// errLostReply is what the hooks return for a reply that never came.
var errLostReply = fmt.Errorf("read tcp: %w", errors.New("connection reset by peer"))

// entries returns the data of every entry of the stream of b, in order, and checks
// that each entry records the one before it.
func entries(t *testing.T, srv *redisServer, b *redis.Backend) []string {
	t.Helper()
	msgs, err := srv.client(t).XRange(context.Background(), b.Key(), "-", "+").Result()
	assert.Nil(t, err)
	var data []string
	prev := "0-0"
	for _, m := range msgs {
		assert.DeepEqual(t, prev, m.Values["prev"])
		prev = m.ID
		data = append(data, m.Values["data"].(string))
	}
	return data
}

// TestConcurrentPublishesShareABatch: publishes that arrive while a batch is on its
// way go together in the next one, in one script call, each with its own ID, in one
// chain of entries.
func TestConcurrentPublishesShareABatch(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	const followers = 40
	var b *redis.Backend
	var calls atomic.Int32
	hook := &scriptHook{commit: func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error {
		if calls.Load() == 0 {
			// Hold the first batch until every other publish waits behind it.
			deadline := time.Now().Add(10 * time.Second)
			for redis.Queued(b) < followers && time.Now().Before(deadline) {
				runtime.Gosched()
			}
		}
		err := next(ctx, cmd)
		if !isNoScript(err) { // go-redis sends the script itself after NOSCRIPT
			calls.Add(1)
		}
		return err
	}}
	b = redis.New(hooked(t, srv, hook), redis.WithMaxInFlight(1))

	first := make(chan error, 1)
	go func() { first <- b.Publish(context.Background(), "t", &sse.Event{Data: []byte("first")}) }()
	testkit.WaitUntil(t, "the first batch to be on its way", func() bool { return redis.InFlight(b) == 1 && redis.Queued(b) == 0 })
	ids := make([]string, followers)
	var wg sync.WaitGroup
	for i := range followers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := &sse.Event{Data: []byte(fmt.Sprint("f", i))}
			if err := b.Publish(context.Background(), "t", e); err != nil {
				t.Error(err)
			}
			ids[i] = e.ID
		}()
	}
	wg.Wait()
	assert.Nil(t, testkit.Within(t, 10*time.Second, first, "the first publish"))
	assert.DeepEqual(t, int32(2), calls.Load()) // the first batch, then everyone else's

	data := entries(t, srv, b)
	assert.DeepEqual(t, followers+1, len(data))
	assert.DeepEqual(t, "first", data[0])
	seen := map[string]bool{}
	for _, id := range ids {
		assert.Assert(t, id != "" && !seen[id], id)
		seen[id] = true
	}
}

// TestPublishCancelledWhileQueued: publishers whose ctx ends while their events wait
// behind a batch that Redis holds get ctx.Err() at once, and their events are never
// stored; the publisher whose batch is on its way gets its outcome, whatever its
// ctx does.
func TestPublishCancelledWhileQueued(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	rdb := srv.client(t)
	b := redis.New(goredis.NewClient(&goredis.Options{Addr: srv.Addr(), ReadTimeout: 30 * time.Second}), redis.WithMaxInFlight(1))
	ctx := context.Background()
	// Redis holds every write, scripts included, until unpaused.
	assert.Nil(t, rdb.Do(ctx, "CLIENT", "PAUSE", 20000, "WRITE").Err())
	unpaused := false
	unpause := func() {
		if !unpaused {
			unpaused = true
			assert.Nil(t, rdb.Do(ctx, "CLIENT", "UNPAUSE").Err())
		}
	}
	defer unpause()

	leaderCtx, cancelLeader := context.WithCancel(ctx)
	leader := make(chan error, 1)
	go func() { leader <- b.Publish(leaderCtx, "t", &sse.Event{Data: []byte("leader")}) }()
	testkit.WaitUntil(t, "the first batch to be on its way", func() bool { return redis.InFlight(b) == 1 && redis.Queued(b) == 0 })

	const queued = 10
	var cancels []context.CancelFunc
	results := make(chan error, queued)
	for i := range queued {
		qctx, cancel := context.WithCancel(ctx)
		if i%2 == 1 {
			qctx, cancel = context.WithTimeout(ctx, 100*time.Millisecond)
		}
		cancels = append(cancels, cancel)
		go func() { results <- b.Publish(qctx, "t", &sse.Event{Data: []byte(fmt.Sprint("queued", i))}) }()
	}
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	// A deadline may pass before the last publish queues: that one has returned.
	testkit.WaitUntil(t, "every publish to queue", func() bool { return redis.Queued(b)+len(results) == queued })
	cancelLeader() // its batch is on its way: it must still learn the outcome
	for i, cancel := range cancels {
		if i%2 == 0 {
			cancel()
		}
	}
	for range queued {
		err := testkit.Within(t, 5*time.Second, results, "a cancelled publish to return")
		assert.Assert(t, errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded), err)
	}
	assert.DeepEqual(t, 0, redis.Queued(b))
	select {
	case err := <-leader:
		t.Fatalf("the leader returned %v while Redis still held its batch", err)
	default:
	}

	unpause()
	assert.Nil(t, testkit.Within(t, 10*time.Second, leader, "the leader's publish"))
	assert.DeepEqual(t, []string{"leader"}, entries(t, srv, b))
	// Nothing cancelled comes later either: the next batch holds only its own.
	publish(t, b, "t", "after")
	assert.DeepEqual(t, []string{"leader", "after"}, entries(t, srv, b))
}

// TestHubBroadcastCancelledWhileQueued: the same through a Hub, with the Backend as
// Broadcaster and as Replayer alone.
func TestHubBroadcastCancelledWhileQueued(t *testing.T) {
	for _, broadcaster := range []bool{true, false} {
		t.Run(fmt.Sprint("broadcaster=", broadcaster), func(t *testing.T) {
			srv := startRedis(t, redisConfig{})
			rdb := srv.client(t)
			b := redis.New(goredis.NewClient(&goredis.Options{Addr: srv.Addr(), ReadTimeout: 30 * time.Second}), redis.WithMaxInFlight(1))
			opt := sse.WithReplayer(b)
			if broadcaster {
				opt = sse.WithBroadcaster(b)
			}
			hub := sse.NewHub(opt)
			t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
			if broadcaster {
				waitListening(t, b)
			}
			ctx := context.Background()
			assert.Nil(t, rdb.Do(ctx, "CLIENT", "PAUSE", 20000, "WRITE").Err())
			defer rdb.Do(ctx, "CLIENT", "UNPAUSE")

			first := make(chan error, 1)
			go func() { first <- hub.BroadcastTo(ctx, "t", &sse.Event{Data: []byte("first")}) }()
			testkit.WaitUntil(t, "the first batch to be on its way", func() bool { return redis.InFlight(b) == 1 })
			qctx, cancel := context.WithCancel(ctx)
			queued := make(chan error, 1)
			go func() { queued <- hub.BroadcastTo(qctx, "t", &sse.Event{Data: []byte("cancelled")}) }()
			if broadcaster {
				testkit.WaitUntil(t, "the broadcast to queue", func() bool { return redis.Queued(b) == 1 })
			}
			// As Replayer alone, the broadcast waits in the hub's own queue, behind the
			// hub's batch: its tests cover that queue.
			cancel()
			err := testkit.Within(t, 5*time.Second, queued, "the cancelled broadcast")
			assert.Assert(t, errors.Is(err, context.Canceled), err)

			assert.Nil(t, rdb.Do(ctx, "CLIENT", "UNPAUSE").Err())
			assert.Nil(t, testkit.Within(t, 10*time.Second, first, "the first broadcast"))
			assert.DeepEqual(t, []string{"first"}, entries(t, srv, b))
		})
	}
}

func isNoScript(err error) bool { return err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") }

// TestBatchSentTwiceIsStoredOnce: go-redis sends a command again when it did not get
// the reply; a batch that Redis receives twice is stored once, and the second reply
// gives the IDs of the first.
func TestBatchSentTwiceIsStoredOnce(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	hook := &scriptHook{commit: func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error {
		if err := next(ctx, cmd); err != nil {
			return err
		}
		again := goredis.NewCmd(ctx, cmd.Args()...) // the EVAL or EVALSHA that ran
		if err := next(ctx, again); err != nil {
			return err
		}
		cmd.(*goredis.Cmd).SetVal(again.Val())
		return nil
	}}
	b := redis.New(hooked(t, srv, hook))
	ids := publish(t, b, "t", "once", "twice")
	assert.DeepEqual(t, []string{"once", "twice"}, entries(t, srv, b))
	msgs, err := srv.client(t).XRange(context.Background(), b.Key(), "-", "+").Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{msgs[0].ID, msgs[1].ID}, ids)
}

// TestLostReplyIsSettled: when the reply of a stored batch is lost, the Backend asks
// Redis what became of it and reports the events stored, with their IDs.
func TestLostReplyIsSettled(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	hook := &scriptHook{commit: func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error {
		if err := next(ctx, cmd); isNoScript(err) {
			return err // not run: go-redis sends the script itself
		}
		return errLostReply
	}}
	b := redis.New(hooked(t, srv, hook))
	e := &sse.Event{Data: []byte("stored")}
	assert.Nil(t, b.Publish(context.Background(), "t", e))
	msgs, err := srv.client(t).XRange(context.Background(), b.Key(), "-", "+").Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, 1, len(msgs))
	assert.DeepEqual(t, msgs[0].ID, e.ID)
}

// TestUnsentBatchIsFenced: when a batch never reached Redis, the Backend learns so
// and reports the events not stored; and a copy of the batch that reaches Redis
// later is not stored either.
func TestUnsentBatchIsFenced(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	var late goredis.Cmder
	hook := &scriptHook{commit: func(ctx context.Context, cmd goredis.Cmder, next goredis.ProcessHook) error {
		if late == nil {
			late = goredis.NewCmd(ctx, cmd.Args()...)
			return errLostReply
		}
		return next(ctx, cmd)
	}}
	rdb := hooked(t, srv, hook)
	b := redis.New(rdb, redis.WithMaxInFlight(1))
	e := &sse.Event{Data: []byte("lost")}
	err := b.Publish(context.Background(), "t", e)
	assert.NotNil(t, err)
	assert.Assert(t, !errors.Is(err, redis.ErrUnconfirmed), err)
	assert.Assert(t, errorContains(err, "connection reset"), err)
	assert.DeepEqual(t, "", e.ID)

	// The copy arrives after all (EVALSHA, or EVAL if Redis does not know the script).
	_ = srv.client(t).Process(context.Background(), late)
	assert.Assert(t, late.Err() == nil || strings.Contains(late.Err().Error(), "NOSCRIPT"), late.Err())
	assert.DeepEqual(t, 0, len(entries(t, srv, b)))
	// The next batch is stored as usual.
	publish(t, b, "t", "next")
	assert.DeepEqual(t, []string{"next"}, entries(t, srv, b))
}

// TestUnconfirmedWhenRedisCannotBeAsked: when neither the reply nor the answer to
// "what did you store?" comes, the error says the outcome is unknown.
func TestUnconfirmedWhenRedisCannotBeAsked(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	lost := func(context.Context, goredis.Cmder, goredis.ProcessHook) error { return errLostReply }
	b := redis.New(hooked(t, srv, &scriptHook{commit: lost, fence: lost}))
	err := b.Publish(context.Background(), "t", &sse.Event{Data: []byte("unknown")})
	assert.Assert(t, errors.Is(err, redis.ErrUnconfirmed), err)
	assert.Assert(t, errorContains(err, `stream "sse:events"`), err)
}

// TestStoreBatch stores events in one call, in order, and stops at the first event
// that cannot be sent.
func TestStoreBatch(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t))
	batch := []sse.TopicEvent{
		{Topic: "a", Event: &sse.Event{Data: []byte("a1")}},
		{Topic: "", Event: &sse.Event{Data: []byte("all")}},
		{Topic: "a", Event: &sse.Event{Event: "bad\nname"}},
		{Topic: "a", Event: &sse.Event{Data: []byte("after")}},
	}
	n, err := b.StoreBatch(context.Background(), batch)
	assert.DeepEqual(t, 2, n)
	assert.Assert(t, errors.Is(err, sse.ErrInvalidEventName), err)
	assert.Assert(t, batch[0].Event.ID != "" && b.Compare(batch[0].Event.ID, batch[1].Event.ID) < 0)
	assert.DeepEqual(t, "", batch[3].Event.ID)
	assert.DeepEqual(t, []string{"a1", "all"}, entries(t, srv, b))
	got, err := replay(b, "", "a")
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"a1", "all"}, got)
}

// TestCommitRecordKeys: each Backend keeps its records in the stream's hash slot, so
// that the script can reach both on Redis Cluster.
func TestCommitRecordKeys(t *testing.T) {
	cases := []struct{ key, prefix string }{
		{"sse:events", "{sse:events}:publisher:"},
		{"{app}:events", "{app}:events:publisher:"},
		{"a{}b", "a{}b:publisher:"},
		{"odd}key", "odd}key:publisher:"},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			keys := redis.RecordKeys(redis.New(nil, redis.WithKey(tc.key), redis.WithMaxInFlight(3)))
			assert.DeepEqual(t, 3, len(keys))
			for _, k := range keys {
				assert.Assert(t, strings.HasPrefix(k, tc.prefix), k)
			}
			assert.Assert(t, keys[0] != keys[1] && keys[1] != keys[2], keys)
		})
	}
	one, two := redis.RecordKeys(redis.New(nil)), redis.RecordKeys(redis.New(nil))
	assert.Assert(t, one[0] != two[0], one, two) // two Backends never share a record
}
