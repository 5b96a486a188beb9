// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/redis"
)

func TestReplay(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t))
	a1 := publish(t, b, "a", "a1")[0]
	publish(t, b, "b", "b1")
	publish(t, b, "", "all1")
	a2 := publish(t, b, "a", "a2")[0]

	cases := []struct {
		name    string
		afterID string
		topics  []string
		want    []string
		err     error
	}{
		{"everything held for a topic", "", []string{"a"}, []string{"a1", "all1", "a2"}, nil},
		{"everything held for two topics", "", []string{"a", "b"}, []string{"a1", "b1", "all1", "a2"}, nil},
		{"no topic gets the events for everyone", "", nil, []string{"all1"}, nil},
		{"after an event", a1, []string{"a"}, []string{"all1", "a2"}, nil},
		{"after the newest event", a2, []string{"a"}, nil, nil},
		{"before everything", "0-0", []string{"b"}, []string{"b1", "all1"}, nil},
		{"not a stream id", "abc", []string{"a"}, nil, sse.ErrUnknownEventID},
		{"no sequence", "1700000000000", []string{"a"}, nil, sse.ErrUnknownEventID},
		{"signed", "+1-0", []string{"a"}, nil, sse.ErrUnknownEventID},
		{"newer than the newest event", "99999999999999-0", []string{"a"}, nil, sse.ErrUnknownEventID},
		{"never assigned", "1-0", []string{"a"}, nil, sse.ErrUnknownEventID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := replay(b, tc.afterID, tc.topics...)
			if tc.err != nil {
				assert.Assert(t, errors.Is(err, tc.err), err)
				assert.Assert(t, errorContains(err, tc.afterID), err)
			} else {
				assert.Nil(t, err)
			}
			assert.DeepEqual(t, tc.want, got)
		})
	}
}

func TestReplayOfAnEmptyStream(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t))
	cases := []struct {
		name    string
		afterID string
		err     error
	}{
		{"everything", "", nil},
		{"before everything", "0-0", nil},
		{"an id from a history that is gone", "1700000000000-0", sse.ErrUnknownEventID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := replay(b, tc.afterID, "a")
			assert.DeepEqual(t, tc.err == nil, err == nil)
			assert.Assert(t, tc.err == nil || errors.Is(err, tc.err), err)
			assert.DeepEqual(t, 0, len(got))
		})
	}
	last, err := b.LastID(context.Background())
	assert.Nil(t, err)
	assert.DeepEqual(t, "0-0", last)
}

// TestReplayAfterRedisLostItsData: IDs from before the loss are unknown, not guessed
// to be the start of the new history.
func TestReplayAfterRedisLostItsData(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	rdb := srv.client(t)
	b := redis.New(rdb)
	ctx := context.Background()
	old := publish(t, b, "a", "old1", "old2")
	assert.Nil(t, rdb.FlushAll(ctx).Err())
	// The new history starts later, as it does after a restart; Redis's clock may not
	// have moved yet, so the first entry is added as Publish would, a millisecond on.
	ms, _, _ := strings.Cut(old[1], "-")
	next, err := strconv.ParseInt(ms, 10, 64)
	assert.Nil(t, err)
	assert.Nil(t, rdb.XAdd(ctx, &goredis.XAddArgs{
		Stream: b.Key(), ID: fmt.Sprintf("%d-0", next+1),
		Values: []any{"topic", "a", "event", "", "data", "new1", "retry", "0", "prev", "0-0"},
	}).Err())
	publish(t, b, "a", "new2")

	_, err = replay(b, old[1], "a")
	assert.Assert(t, errors.Is(err, sse.ErrUnknownEventID), err)
	got, err := replay(b, "0-0", "a")
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"new1", "new2"}, got)
}

func TestReplayReadsPages(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t), redis.WithPageSize(3))
	var ids []string
	var wantA []string
	for i, d := range numbered("e", 20) {
		topic := []string{"a", "b"}[i%2]
		ids = append(ids, publish(t, b, topic, d)...)
		if topic == "a" && i > 4 {
			wantA = append(wantA, d)
		}
	}
	got, err := replay(b, ids[4], "a")
	assert.Nil(t, err)
	assert.DeepEqual(t, wantA, got)

	got, err = replay(b, "", "a", "b")
	assert.Nil(t, err)
	assert.DeepEqual(t, numbered("e", 20), got)
}

func TestReplayStopsAtTheFirstSendError(t *testing.T) {
	srv := startRedis(t, redisConfig{})
	b := redis.New(srv.client(t), redis.WithPageSize(2))
	publish(t, b, "a", numbered("e", 10)...)
	stop := errors.New("client gone")
	var got []string
	n, err := b.Replay(context.Background(), "", []string{"a"}, func(e *sse.Event) error {
		if len(got) == 5 {
			return stop
		}
		got = append(got, string(e.Data))
		return nil
	})
	assert.DeepEqual(t, stop, err)
	assert.DeepEqual(t, 5, n)
	assert.DeepEqual(t, numbered("e", 5), got)
}
