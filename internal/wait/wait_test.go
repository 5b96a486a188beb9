// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package wait_test

import (
	"context"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/wait"
)

func TestExponential(t *testing.T) {
	const s = time.Second
	cases := []struct {
		name          string
		base, ceiling time.Duration
		n             int
		want          time.Duration
	}{
		{"no doubling at first", s, 30 * s, 0, s},
		{"doubles n times", s, 30 * s, 3, 8 * s},
		{"capped by the ceiling", s, 30 * s, 10, 30 * s},
		{"a base above the ceiling wins", 60 * s, 5 * s, 2, 60 * s},
		{"huge n does not overflow", s, 30 * s, 1 << 30, 30 * s},
		{"sub-second base", 50 * time.Millisecond, 2 * s, 5, 1600 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.DeepEqual(t, tc.want, wait.Exponential(tc.base, tc.ceiling, tc.n))
		})
	}
}

func TestSleep(t *testing.T) {
	assert.Assert(t, wait.Sleep(context.Background(), 0))
	assert.Assert(t, wait.Sleep(context.Background(), time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Assert(t, !wait.Sleep(ctx, time.Hour))
	assert.Assert(t, !wait.Sleep(ctx, 0))
}
