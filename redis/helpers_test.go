// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
	"github.com/hertz-contrib/sse/redis"
)

// instance is one server instance of a cluster: a Hub on a Redis Backend, served by
// its own Hertz server on /events?topic=a&topic=b.
type instance struct {
	backend *redis.Backend
	hub     *sse.Hub
	url     string
}

// startInstance starts an instance on the Redis at srv, with a go-redis client of its
// own, and waits until its hub listens. Everything stops when the test ends.
func startInstance(t *testing.T, srv *redisServer, opts []redis.Option, hubOpts ...sse.HubOption) *instance {
	t.Helper()
	b := redis.New(srv.client(t), opts...)
	return startInstanceOn(t, b, b, hubOpts...)
}

// startInstanceOn starts an instance whose hub uses broadcaster, which runs on b.
func startInstanceOn(t *testing.T, b *redis.Backend, broadcaster sse.Broadcaster, hubOpts ...sse.HubOption) *instance {
	t.Helper()
	in := &instance{backend: b}
	in.hub = sse.NewHub(append([]sse.HubOption{sse.WithBroadcaster(broadcaster)}, hubOpts...)...)
	in.url = testkit.ServeTopics(t, in.hub, nil)
	waitListening(t, in.backend)
	return in
}

// waitListening waits, for up to 10 seconds, until a Listen loop of b has found
// where to start.
func waitListening(t testing.TB, b *redis.Backend) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	assert.Nil(t, redis.WaitListening(ctx, b, 1))
}

// startRestartable runs an instance as the cluster example does, on addr: a hub on a
// Backend of its own, shut down with its Hertz server.
func startRestartable(t *testing.T, srv *redisServer, addr string) (*testkit.Server, *sse.Hub, *redis.Backend) {
	t.Helper()
	b := redis.New(srv.client(t))
	hub := sse.NewHub(sse.WithBroadcaster(b), sse.WithHubRetry(50*time.Millisecond))
	s := testkit.ServeHubAt(t, addr, hub, "a")
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	waitListening(t, b)
	return s, hub, b
}

// broadcast sends each data as one event to topic through in's hub.
func (in *instance) broadcast(t *testing.T, topic string, data ...string) {
	t.Helper()
	for _, d := range data {
		assert.Nil(t, in.hub.BroadcastTo(context.Background(), topic, &sse.Event{Data: []byte(d)}))
	}
}

func errorContains(err error, s string) bool {
	return err != nil && strings.Contains(err.Error(), s)
}

// publish publishes one event per data to topic through b and returns their IDs.
func publish(t *testing.T, b *redis.Backend, topic string, data ...string) []string {
	t.Helper()
	ids := make([]string, len(data))
	for i, d := range data {
		e := &sse.Event{Data: []byte(d)}
		assert.Nil(t, b.Publish(context.Background(), topic, e))
		ids[i] = e.ID
	}
	return ids
}

// replay runs b.Replay and returns the data of the events it sent.
func replay(b *redis.Backend, afterID string, topics ...string) ([]string, error) {
	var got []string
	n, err := b.Replay(context.Background(), afterID, topics, func(e *sse.Event) error {
		got = append(got, string(e.Data))
		return nil
	})
	if n != len(got) {
		return got, fmt.Errorf("Replay returned %d, sent %d", n, len(got))
	}
	return got, err
}

// numbered returns prefix0, prefix1, … up to n-1.
func numbered(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = prefix + strconv.Itoa(i)
	}
	return s
}

// waitReachable waits until b reaches Redis again after an outage, and its Listen
// loops have caught up with the stream. Redis answering is not enough: a go-redis
// client whose dials failed PoolSize times in a row fails every command at once
// until its pool's probe, once a second, dials Redis again.
func waitReachable(t *testing.T, b *redis.Backend) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		_, err := b.LastID(ctx)
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("Redis still unreachable after 10s: %v", err)
		case <-time.After(10 * time.Millisecond): // between two attempts of a bounded wait
		}
	}
}
