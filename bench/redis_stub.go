// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build nohub

package bench

import "time"

// hubThroughput stands in for the Hub on Redis in a build with the "nohub" tag.
func hubThroughput(int, bool) redisRunner {
	return func(*redisProcess, string, time.Duration) (float64, error) { return 0, errHubNotBuilt }
}

// runTwoHubs stands in for the Hub on Redis in a build with the "nohub" tag.
func runTwoHubs(_ *redisProcess, opts RedisOptions) TwoHubsResult {
	return TwoHubsResult{Target: opts.Rate, Err: errHubNotBuilt}
}
