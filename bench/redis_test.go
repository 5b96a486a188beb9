// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

// TestRedisWorkload checks the harness of the Redis workload, shrunk to a moment: every
// row has a result, and the two-hub run delivers every event exactly once.
func TestRedisWorkload(t *testing.T) {
	opts := redisOptions{Duration: 100 * time.Millisecond, Runs: 1, Rate: 2000, TwoHubsDuration: 300 * time.Millisecond, Subscribers: 3}
	res := runRedis(opts)
	if errors.Is(res.Err, errNoRedis) && os.Getenv("CI") != "true" {
		t.Skip(res.Err)
	}
	assert.Nil(t, res.Err)
	for name, r := range map[string]redisRate{
		"xadd": res.XADDSequential, "hub": res.HubSequential, "replayer": res.ReplayerSequential,
		"pipelined": res.XADDPipelined, "hub-64": res.HubParallel, "replayer-64": res.ReplayerParallel,
	} {
		assert.Nil(t, r.Err)
		assert.Assert(t, r.EventsPerSec > 0, name)
	}
	th := res.TwoHubs
	assert.Nil(t, th.Err)
	assert.DeepEqual(t, 600, th.Published)
	assert.DeepEqual(t, th.Expected, th.Delivered)
	assert.DeepEqual(t, int64(0), th.Duplicates)
	assert.Assert(t, th.P50 > 0 && th.P99 >= th.P50, th.P50, th.P99)

	tables := redisTables(res, opts)
	assert.DeepEqual(t, 3, len(tables))
	_, _, raw, ok := tables[0].Speedups()
	assert.Assert(t, ok && raw > 0, raw)
}
