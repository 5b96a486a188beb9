// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package clock_test

import (
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/clock"
)

func TestFakeRunsTimersInOrderAsTimeMoves(t *testing.T) {
	start := time.Unix(0, 0)
	c := clock.NewFake(start)
	var fired []time.Duration
	record := func() { fired = append(fired, c.Now().Sub(start)) }
	c.AfterFunc(3*time.Second, record)
	var again clock.Timer
	again = c.AfterFunc(time.Second, func() {
		record()
		again.Reset(time.Second) // every second from then on
	})
	stopped := c.AfterFunc(2*time.Second, record)
	assert.Assert(t, stopped.Stop())

	c.Advance(500 * time.Millisecond)
	assert.DeepEqual(t, 0, len(fired))
	c.Advance(3 * time.Second)
	assert.DeepEqual(t, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second}, fired)
	assert.DeepEqual(t, 3500*time.Millisecond, c.Now().Sub(start))
	assert.DeepEqual(t, 1, c.Waiting())
}
