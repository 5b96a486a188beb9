// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"slices"
	"time"
)

// percentiles returns the p50, p99 and maximum of samples (nanoseconds), sorting them
// in place. All three are zero when there are no samples.
func percentiles(samples []int64) (p50, p99, maxv time.Duration) {
	if len(samples) == 0 {
		return 0, 0, 0
	}
	slices.Sort(samples)
	at := func(q float64) time.Duration {
		i := int(q * float64(len(samples)-1))
		return time.Duration(samples[i])
	}
	return at(0.50), at(0.99), time.Duration(samples[len(samples)-1])
}
