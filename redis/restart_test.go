// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// TestRedisRestartMidStream: Redis is killed and started again, with its append-only
// file, while clients are connected to two instances. Publishing during the outage
// fails; the instances recover by themselves; the clients, still connected, receive
// every event published before and after, once; nothing Redis stored is lost.
func TestRedisRestartMidStream(t *testing.T) {
	srv := startRedis(t, redisConfig{persistent: true})
	log := newLogs()
	one := startInstance(t, srv, []redis.Option{redis.WithLogger(log)})
	two := startInstance(t, srv, nil)
	subs := []*testkit.Subscriber{
		testkit.Subscribe(t, eventsURL(one.url, "a")),
		testkit.Subscribe(t, eventsURL(two.url, "a")),
	}
	one.broadcast(t, "a", "p1", "p2")
	two.broadcast(t, "a", "p3")
	for _, s := range subs {
		s.WaitFor(t, 3)
	}
	ids := subs[0].IDs()

	srv.kill()
	for _, in := range []*instance{one, two} {
		err := in.hub.BroadcastTo(context.Background(), "a", &sse.Event{Data: []byte("lost")})
		assert.NotNil(t, err)
	}
	testkit.Within(t, 10*time.Second, log.errors, "Listen to report the outage")
	srv.restart()
	waitReachable(t, one.backend)
	waitReachable(t, two.backend)

	one.broadcast(t, "a", "p4")
	two.broadcast(t, "a", "p5")
	want := []string{"p1", "p2", "p3", "p4", "p5"}
	for _, s := range subs {
		assert.DeepEqual(t, want, s.WaitFor(t, len(want)))
	}

	// Everything stored before the crash is still there: a client that saw only p1
	// recovers the rest from either instance.
	n, err := srv.client(t).XLen(context.Background(), redis.DefaultKey).Result()
	assert.Nil(t, err)
	assert.DeepEqual(t, int64(5), n)
	late := testkit.Subscribe(t, eventsURL(two.url, "a"), sse.WithLastEventID(ids[0]))
	assert.DeepEqual(t, want[1:], late.WaitFor(t, 4))

	lines := log.all()
	assert.Assert(t, len(lines) >= 2, lines)
	assert.Assert(t, strings.HasPrefix(lines[0], "error: ") && strings.Contains(lines[0], `stream "sse:events"`), lines[0])
	assert.Assert(t, strings.HasPrefix(lines[len(lines)-1], "info: ") && strings.Contains(lines[len(lines)-1], "again"), lines)
}
