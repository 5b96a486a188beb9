// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// listener runs b.Listen in the background and collects what it delivers.
type listener struct {
	events chan string // "topic:data:id" of every delivered event
	cancel context.CancelFunc
	done   chan error // receives what Listen returned
}

func listen(t *testing.T, b *redis.Backend) *listener {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := &listener{events: make(chan string, 10000), cancel: cancel, done: make(chan error, 1)}
	go func() {
		l.done <- b.Listen(ctx, func(topic string, e *sse.Event) {
			l.events <- fmt.Sprintf("%s:%s:%s", topic, e.Data, e.ID)
		})
	}()
	t.Cleanup(func() {
		cancel()
		testkit.Within(t, 10*time.Second, l.done, "Listen to return")
	})
	return l
}

// next returns the next n delivered events.
func (l *listener) next(t *testing.T, n int) []string {
	t.Helper()
	got := make([]string, n)
	for i := range got {
		got[i] = testkit.Within(t, 10*time.Second, l.events, fmt.Sprintf("event %d of %d", i+1, n))
	}
	return got
}

func TestListenDeliversWhatIsPublishedAfterItStarts(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t), redis.WithPageSize(7))
	publish(t, b, "a", "before")
	l := listen(t, b)
	waitListening(t, b)

	// Two publishers at once: Listen delivers in the stream's order.
	var wg sync.WaitGroup
	for _, topic := range []string{"a", ""} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, d := range numbered(topic+"e", 50) {
				if err := b.Publish(context.Background(), topic, &sse.Event{Data: []byte(d)}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	got := l.next(t, 100)

	entries, err := srv.client(t).XRange(context.Background(), b.Key(), "-", "+").Result()
	assert.Nil(t, err)
	var want []string
	for _, m := range entries[1:] { // all but "before"
		want = append(want, fmt.Sprintf("%s:%s:%s", m.Values["topic"], m.Values["data"], m.ID))
	}
	assert.DeepEqual(t, want, got)
}

// poolOnly hides the client's type, so that Listen reads through the pool as it does
// on a Ring or on a client it does not know.
type poolOnly struct{ goredis.UniversalClient }

func TestListenReturnsWhenCtxEnds(t *testing.T) {
	cases := []struct {
		name      string
		client    func(*goredis.Client) goredis.UniversalClient
		blockTime time.Duration
		within    time.Duration
	}{
		{"own connection, unblocked at once", func(c *goredis.Client) goredis.UniversalClient { return c }, time.Minute, 2 * time.Second},
		{"through the pool, within the block time", func(c *goredis.Client) goredis.UniversalClient { return poolOnly{c} }, 200 * time.Millisecond, 2 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startRedis(t, redisConfig{})
			b := redis.New(tc.client(srv.client(t)), redis.WithBlockTime(tc.blockTime))
			for range 3 { // also when ctx ends right after Listen began an XREAD
				l := listen(t, b)
				waitListening(t, b)
				publish(t, b, "a", "one")
				l.next(t, 1)
				start := time.Now()
				l.cancel()
				err := testkit.Within(t, tc.within, l.done, "Listen to return")
				assert.Assert(t, errors.Is(err, context.Canceled), err)
				t.Logf("Listen returned %v after the cancel", time.Since(start))
				l.done <- err // for the cleanup
			}
		})
	}
}

// logs collects what a Backend logs.
type logs struct {
	hlog.FullLogger
	errors chan struct{} // receives a token after every error logged
	mu     sync.Mutex
	lines  []string
}

func newLogs() *logs {
	return &logs{FullLogger: hlog.DefaultLogger(), errors: make(chan struct{}, 1)}
}

func (l *logs) CtxErrorf(_ context.Context, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, "error: "+fmt.Sprintf(format, v...))
	select {
	case l.errors <- struct{}{}:
	default:
	}
}

func (l *logs) CtxInfof(_ context.Context, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, "info: "+fmt.Sprintf(format, v...))
}

func (l *logs) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// TestListenWaitsForRedis: Listen started while Redis is down logs, waits, and starts
// once Redis is back.
func TestListenWaitsForRedis(t *testing.T) {
	srv := startRedis(t, redisConfig{persistent: true})
	log := newLogs()
	b := redis.New(srv.client(t), redis.WithLogger(log))
	srv.kill()
	l := listen(t, b)
	testkit.Within(t, 10*time.Second, log.errors, "Listen to report that Redis is down")
	srv.restart()
	waitListening(t, b)
	ids := publish(t, b, "a", "x")
	assert.DeepEqual(t, []string{"a:x:" + ids[0]}, l.next(t, 1))

	lines := log.all()
	assert.Assert(t, len(lines) >= 2, lines)
	assert.Assert(t, strings.HasPrefix(lines[0], "error: ") && strings.Contains(lines[0], "connection refused"), lines[0])
	assert.Assert(t, strings.Contains(lines[0], `stream "sse:events"`), lines[0])
	assert.Assert(t, strings.HasPrefix(lines[len(lines)-1], "info: "), lines)
}

// flaky fails every XREAD while down is set, as a network cut between one instance
// and Redis would.
type flaky struct {
	goredis.UniversalClient
	down atomic.Bool
}

func (f *flaky) XRead(ctx context.Context, a *goredis.XReadArgs) *goredis.XStreamSliceCmd {
	if f.down.Load() {
		cmd := goredis.NewXStreamSliceCmd(ctx)
		cmd.SetErr(errors.New("network is unreachable"))
		return cmd
	}
	return f.UniversalClient.XRead(ctx, a)
}

// TestListenReportsWhatWasTrimmedBeforeItCouldRead: an instance cut off from Redis
// while others publish past the history's limit resumes with what is held and logs
// that its clients missed the rest.
func TestListenReportsWhatWasTrimmedBeforeItCouldRead(t *testing.T) {
	srv := startRedis(t, exactTrim)
	log := newLogs()
	link := &flaky{UniversalClient: srv.client(t)}
	cut := redis.New(link, redis.WithLogger(log), redis.WithMaxLen(10), redis.WithBlockTime(50*time.Millisecond))
	other := redis.New(srv.client(t), redis.WithMaxLen(10))
	l := listen(t, cut)
	waitListening(t, cut)
	before := publish(t, other, "a", "e0")
	l.next(t, 1)

	link.down.Store(true)
	testkit.Within(t, 10*time.Second, log.errors, "Listen to fail")
	ids := publish(t, other, "a", numbered("e", 30)...)
	link.down.Store(false)

	got := l.next(t, 10)
	assert.DeepEqual(t, "a:e20:"+ids[20], got[0])
	lines := log.all()
	gap := lines[len(lines)-1]
	assert.Assert(t, strings.Contains(gap, fmt.Sprintf("entry %s follows %s, not %s", ids[20], ids[19], before[0])), gap)
}
