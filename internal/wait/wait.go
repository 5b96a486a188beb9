// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package wait holds the waiting that every loop of this repository does: sleeping
// until a context ends, and backing off after failures. One place, so that the
// Client's reconnection, the Hub's listen loop and the redis module's reader all wait
// alike.
package wait

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends, and reports whether the wait ran its course. A
// zero or negative d returns at once.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Exponential returns base doubled n times, capped at ceiling (or at base, if base is
// larger); it never overflows, whatever n.
func Exponential(base, ceiling time.Duration, n int) time.Duration {
	ceiling = max(ceiling, base)
	d := base
	for i := 0; i < n && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}
