// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

// store stores one event per topic in order and returns their IDs.
func store(t *testing.T, r sse.Replayer, topics ...string) []string {
	t.Helper()
	var ids []string
	for _, topic := range topics {
		e := &sse.Event{Data: []byte(topic)}
		assert.Nil(t, r.Store(context.Background(), topic, e))
		ids = append(ids, e.ID)
	}
	return ids
}

// replayed returns the data of the events r replays after id for topics.
func replayed(t *testing.T, r sse.Replayer, id string, topics ...string) ([]string, error) {
	t.Helper()
	var got []string
	n, err := r.Replay(context.Background(), id, topics, func(e *sse.Event) error {
		got = append(got, string(e.Data))
		return nil
	})
	assert.DeepEqual(t, len(got), n)
	return got, err
}

func TestMemoryReplayerOrderAndTopics(t *testing.T) {
	r := sse.NewMemoryReplayer(0, 0)
	ids := store(t, r, "a", "b", "", "a", "c")
	for i := 1; i < len(ids); i++ {
		assert.Assert(t, r.Compare(ids[i-1], ids[i]) < 0)
		assert.Assert(t, r.Compare(ids[i], ids[i-1]) > 0)
	}
	assert.DeepEqual(t, 0, r.Compare(ids[2], ids[2]))

	cases := []struct {
		name   string
		after  string
		topics []string
		want   []string
	}{
		{"from the first, topic a (events for everyone included)", ids[0], []string{"a"}, []string{"", "a"}},
		{"several topics", ids[0], []string{"b", "c"}, []string{"b", "", "c"}},
		{"empty id replays everything held", "", []string{"a"}, []string{"a", "", "a"}},
		{"after the newest: nothing", ids[4], []string{"a", "b", "c"}, nil},
		{"no topics: only events for everyone", ids[0], nil, []string{""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := replayed(t, r, tc.after, tc.topics...)
			assert.Nil(t, err)
			assert.DeepEqual(t, tc.want, got)
		})
	}
}

func TestMemoryReplayerUnknownIDs(t *testing.T) {
	r := sse.NewMemoryReplayer(10, 0)
	ids := store(t, r, "a", "a")
	other := sse.NewMemoryReplayer(10, 0)
	foreign := store(t, other, "a")[0]
	prefix, _, _ := strings.Cut(ids[0], "-")
	for _, id := range []string{"garbage", "42", foreign, prefix + "-99", prefix + "-x", ids[0] + "0"} {
		_, err := replayed(t, r, id, "a")
		assert.Assert(t, errors.Is(err, sse.ErrUnknownEventID), id, err)
	}
}

func TestMemoryReplayerEvictsByCount(t *testing.T) {
	r := sse.NewMemoryReplayer(3, 0)
	ids := store(t, r, "1", "2", "3", "4", "5")
	assert.DeepEqual(t, 3, r.Len())
	_, err := replayed(t, r, ids[0], "1", "2", "3", "4", "5")
	assert.Assert(t, errors.Is(err, sse.ErrEventIDExpired), err) // event 2 is gone
	got, err := replayed(t, r, ids[1], "3", "4", "5")            // the last evicted: nothing is lost
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"3", "4", "5"}, got)
}

func TestMemoryReplayerEvictsByAge(t *testing.T) {
	now := time.Unix(1000, 0)
	r := sse.NewMemoryReplayer(0, time.Minute)
	sse.SetReplayerClock(r, func() time.Time { return now })
	ids := store(t, r, "old")
	now = now.Add(30 * time.Second)
	store(t, r, "new")
	got, err := replayed(t, r, "", "old", "new")
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"old", "new"}, got)

	now = now.Add(45 * time.Second) // "old" is 75 s old, "new" 45 s
	assert.DeepEqual(t, 1, r.Len())
	got, err = replayed(t, r, ids[0], "old", "new") // nothing after "old" was lost
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"new"}, got)

	now = now.Add(time.Hour)
	_, err = replayed(t, r, ids[0], "new")
	assert.Assert(t, errors.Is(err, sse.ErrEventIDExpired), err)
	assert.DeepEqual(t, 0, r.Len())
}

func TestMemoryReplayerStopsOnSendError(t *testing.T) {
	r := sse.NewMemoryReplayer(0, 0)
	store(t, r, "a", "a", "a")
	boom := errors.New("client gone")
	n, err := r.Replay(context.Background(), "", []string{"a"}, func(*sse.Event) error { return boom })
	assert.DeepEqual(t, 0, n)
	assert.DeepEqual(t, boom, err)
}

func TestMemoryReplayerKeepsItsOwnCopy(t *testing.T) {
	r := sse.NewMemoryReplayer(0, 0)
	data := []byte("original")
	assert.Nil(t, r.Store(context.Background(), "a", &sse.Event{Data: data}))
	copy(data, "CHANGED!")
	got, err := replayed(t, r, "", "a")
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"original"}, got)
}

func TestMemoryReplayerCompactsItsHistory(t *testing.T) {
	r := sse.NewMemoryReplayer(100, 0)
	var last []string
	for range 50 {
		last = store(t, r, strings.Split(strings.Repeat("x,", 100)[:199], ",")...)
	}
	assert.DeepEqual(t, 100, r.Len())
	got, err := replayed(t, r, last[len(last)-2], "x")
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"x"}, got)
}
