// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"time"

	"github.com/cloudwego/hertz/pkg/common/hlog"
)

// Settings is what the options of a Backend resolved to.
type Settings struct {
	Key       string
	MaxLen    int64
	MaxAge    time.Duration
	BlockTime time.Duration
	PageSize  int
	MaxBatch  int
	Logger    hlog.CtxLogger
}

func SettingsOf(b *Backend) Settings {
	o := b.opts
	return Settings{o.key, o.maxLen, o.maxAge, o.blockTime, o.pageSize, o.maxBatch, o.logger}
}

// RecordKeys returns the keys of b's commit records.
func RecordKeys(b *Backend) []string {
	b.commits.mu.Lock()
	defer b.commits.mu.Unlock()
	var keys []string
	for _, l := range b.commits.idle {
		keys = append(keys, l.record)
	}
	return keys
}

// InFlight returns how many lanes of b have a leader: batches on their way, or about
// to be.
func InFlight(b *Backend) int {
	b.commits.mu.Lock()
	defer b.commits.mu.Unlock()
	return b.opts.maxInFlight - len(b.commits.idle)
}

// Queued returns how many Publish and StoreBatch calls wait for a batch of b.
func Queued(b *Backend) int {
	b.commits.mu.Lock()
	defer b.commits.mu.Unlock()
	return len(b.commits.pending)
}

// SetClock makes b read the time from now, for trimming by age.
func SetClock(b *Backend, now func() time.Time) { b.opts.now = now }

// WaitListening returns once n Listen loops of b have found where to start, or
// ctx.Err().
func WaitListening(ctx context.Context, b *Backend, n int) error {
	for {
		placed, changed := b.listeners.count()
		if placed >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// LastIDWaiting reports whether a call of b.LastID waits for a Listen loop to start.
func LastIDWaiting(b *Backend) bool {
	b.listeners.mu.Lock()
	defer b.listeners.mu.Unlock()
	return b.listeners.waiters > 0
}

var Backoff = backoff
