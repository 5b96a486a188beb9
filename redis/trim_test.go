// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

// exactTrim makes Redis keep one entry per block, so that approximate trimming is
// exact and the tests can count.
var exactTrim = redisConfig{args: []string{"--stream-node-max-entries", "1"}}

// checkReplays runs Replay after each ID and compares what it sends or the error.
func checkReplays(t *testing.T, b *redis.Backend, cases []replayCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := replay(b, tc.afterID, "t")
			if tc.err != nil {
				assert.Assert(t, errors.Is(err, tc.err), err)
				assert.DeepEqual(t, 0, len(got)) // nothing sent before the error
				return
			}
			assert.Nil(t, err)
			assert.DeepEqual(t, tc.want, got)
		})
	}
}

type replayCase struct {
	name    string
	afterID string
	want    []string
	err     error
}

func TestTrimByCount(t *testing.T) {
	srv := startRedis(t, exactTrim)
	rdb := srv.client(t)
	b := redis.New(rdb, redis.WithMaxLen(10))
	data := numbered("e", 30)
	ids := publish(t, b, "t", data...)
	n, err := rdb.XLen(context.Background(), b.Key()).Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, int64(10), n)

	checkReplays(t, b, []replayCase{
		{"everything held", "", data[20:], nil},
		{"the newest trimmed: at the boundary nothing is lost", ids[19], data[20:], nil},
		{"one before the boundary", ids[18], nil, sse.ErrEventIDExpired},
		{"the first event", ids[0], nil, sse.ErrEventIDExpired},
		{"before everything", "0-0", nil, sse.ErrEventIDExpired},
		{"the oldest held", ids[20], data[21:], nil},
		{"in the middle", ids[25], data[26:], nil},
		{"the newest", ids[29], nil, nil},
	})
}

// TestTrimByCountIsApproximate runs with Redis's default blocks of 100 entries: the
// stream keeps at least MaxLen events and at most a block more, and replay is exact
// about what it lost whatever the block boundaries.
func TestTrimByCountIsApproximate(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	rdb := srv.client(t)
	b := redis.New(rdb, redis.WithMaxLen(10))
	data := numbered("e", 250)
	ids := publish(t, b, "t", data...)
	ctx := context.Background()
	n, err := rdb.XLen(ctx, b.Key()).Result()
	assert.Nil(t, err)
	assert.Assert(t, n >= 10 && n <= 110, n)

	oldest, err := rdb.XRangeN(ctx, b.Key(), "-", "+", 1).Result()
	assert.Nil(t, err)
	first := len(ids) - int(n)
	assert.DeepEqual(t, ids[first], oldest[0].ID)
	checkReplays(t, b, []replayCase{
		{"at the boundary", ids[first-1], data[first:], nil},
		{"one before the boundary", ids[first-2], nil, sse.ErrEventIDExpired},
	})
}

func TestTrimByAge(t *testing.T) {
	srv := startRedis(t, exactTrim)
	rdb := srv.client(t)
	b := redis.New(rdb, redis.WithMaxLen(0), redis.WithMaxAge(time.Hour))
	var mu sync.Mutex
	now := time.Now()
	redis.SetClock(b, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	ctx := context.Background()

	old := publish(t, b, "t", "old1", "old2", "old3")
	n, err := rdb.XLen(ctx, b.Key()).Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, int64(3), n) // younger than an hour

	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	fresh := publish(t, b, "t", "fresh")
	n, err = rdb.XLen(ctx, b.Key()).Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, int64(1), n) // the old ones are gone; the event just published never is

	checkReplays(t, b, []replayCase{
		{"everything held", "", []string{"fresh"}, nil},
		{"at the boundary", old[2], []string{"fresh"}, nil},
		{"one before the boundary", old[1], nil, sse.ErrEventIDExpired},
		{"the newest", fresh[0], nil, nil},
	})
}
