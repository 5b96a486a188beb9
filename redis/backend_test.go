// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

func TestCompare(t *testing.T) {
	b := redis.New(nil)
	cases := []struct {
		name string
		a, b string
		want int
	}{
		{"equal", "1700000000000-3", "1700000000000-3", 0},
		{"earlier millisecond", "1700000000000-9", "1700000000001-0", -1},
		{"later millisecond", "1700000000001-0", "1700000000000-9", 1},
		{"sequence numerically, not as text", "5-10", "5-9", 1},
		{"milliseconds numerically, not as text", "900-0", "1000-0", -1},
		{"before everything", "0-0", "1-0", -1},
		{"not stream ids compare as text", "abc", "abd", -1},
		{"one not a stream id", "x", "1-0", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.DeepEqual(t, tc.want, b.Compare(tc.a, tc.b))
		})
	}
}

func TestOptions(t *testing.T) {
	logger := hlog.DefaultLogger()
	cases := []struct {
		name string
		opts []redis.Option
		want redis.Settings
	}{
		{"defaults", nil, redis.Settings{
			Key: redis.DefaultKey, MaxLen: redis.DefaultMaxLen, BlockTime: redis.DefaultBlockTime, PageSize: redis.DefaultPageSize,
			MaxBatch: redis.DefaultMaxBatch,
		}},
		{"all set", []redis.Option{
			redis.WithKey("app:sse"), redis.WithMaxLen(50), redis.WithMaxAge(time.Hour),
			redis.WithBlockTime(time.Second), redis.WithPageSize(10), redis.WithMaxBatch(7), redis.WithLogger(logger),
		}, redis.Settings{Key: "app:sse", MaxLen: 50, MaxAge: time.Hour, BlockTime: time.Second, PageSize: 10, MaxBatch: 7, Logger: logger}},
		{"zero means the default or no limit", []redis.Option{
			redis.WithKey(""), redis.WithMaxLen(0), redis.WithMaxAge(0), redis.WithBlockTime(0), redis.WithPageSize(0),
			redis.WithMaxBatch(0), redis.WithLogger(nil),
		}, redis.Settings{Key: redis.DefaultKey, BlockTime: redis.DefaultBlockTime, PageSize: redis.DefaultPageSize, MaxBatch: redis.DefaultMaxBatch}},
		{"negative means the default or no limit", []redis.Option{
			redis.WithMaxLen(-1), redis.WithMaxAge(-time.Second), redis.WithBlockTime(-time.Second), redis.WithPageSize(-1),
			redis.WithMaxBatch(-1),
		}, redis.Settings{Key: redis.DefaultKey, BlockTime: redis.DefaultBlockTime, PageSize: redis.DefaultPageSize, MaxBatch: redis.DefaultMaxBatch}},
		{"the last one wins", []redis.Option{redis.WithKey("a"), redis.WithKey("b")}, redis.Settings{
			Key: "b", MaxLen: redis.DefaultMaxLen, BlockTime: redis.DefaultBlockTime, PageSize: redis.DefaultPageSize,
			MaxBatch: redis.DefaultMaxBatch,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := redis.New(nil, tc.opts...)
			assert.DeepEqual(t, tc.want, redis.SettingsOf(b))
			assert.DeepEqual(t, tc.want.Key, b.Key())
		})
	}
}

func TestBackoff(t *testing.T) {
	cases := []struct {
		name     string
		failures int
		want     time.Duration
	}{
		{"none", 0, 0},
		{"first", 1, 50 * time.Millisecond},
		{"doubles", 3, 200 * time.Millisecond},
		{"capped", 7, 2 * time.Second},
		{"capped without overflow", 1000, 2 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.DeepEqual(t, tc.want, redis.Backoff(tc.failures))
		})
	}
}

func TestPublishStoresOneEntryPerEvent(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	rdb := srv.client(t)
	b := redis.New(rdb, redis.WithKey("test:publish"))
	ctx := context.Background()

	first := &sse.Event{ID: "ignored", Event: "greeting", Data: []byte("hello\nworld"), Retry: 1500 * time.Millisecond}
	assert.Nil(t, b.Publish(ctx, "news", first))
	second := &sse.Event{}
	assert.Nil(t, b.Store(ctx, "", second))
	assert.Assert(t, b.Compare(first.ID, second.ID) < 0, first.ID, second.ID)

	entries, err := rdb.XRange(ctx, "test:publish", "-", "+").Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, []goredis.XMessage{
		{ID: first.ID, Values: map[string]any{"topic": "news", "event": "greeting", "data": "hello\nworld", "retry": "1500", "prev": "0-0"}},
		{ID: second.ID, Values: map[string]any{"topic": "", "event": "", "data": "", "retry": "0", "prev": first.ID}},
	}, entries)

	last, err := b.LastID(ctx)
	assert.Nil(t, err)
	assert.DeepEqual(t, second.ID, last)
}

func TestPublishRejectsWhatCannotBeSent(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t))
	cases := []struct {
		name  string
		event *sse.Event
		want  error
	}{
		{"event name with a line end", &sse.Event{Event: "a\nb"}, sse.ErrInvalidEventName},
		{"negative retry", &sse.Event{Retry: -time.Second}, sse.ErrInvalidRetry},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := b.Publish(context.Background(), "t", tc.event)
			assert.Assert(t, errors.Is(err, tc.want), err)
			assert.DeepEqual(t, "", tc.event.ID)
		})
	}
	assert.NotNil(t, b.Publish(context.Background(), "t", nil))
	last, err := b.LastID(context.Background())
	assert.Nil(t, err)
	assert.DeepEqual(t, "0-0", last) // nothing was stored
}

func TestPublishFailsWhileRedisIsDown(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	rdb := srv.client(t)
	b := redis.New(rdb)
	srv.kill()

	e := &sse.Event{Data: []byte("lost")}
	err := b.Publish(context.Background(), "t", e)
	assert.NotNil(t, err)
	assert.Assert(t, errorContains(err, `stream "sse:events"`), err)
	assert.DeepEqual(t, "", e.ID)
	_, err = b.LastID(context.Background())
	assert.NotNil(t, err)
	_, err = b.Replay(context.Background(), "", nil, func(*sse.Event) error { return nil })
	assert.NotNil(t, err)
}
