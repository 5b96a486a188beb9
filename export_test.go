// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"time"

	"github.com/hertz-contrib/sse/internal/clock"
)

// SetReplayerClock replaces the clock a MemoryReplayer uses for its TTL.
func SetReplayerClock(r *MemoryReplayer, now func() time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = now
}

// QueuedBroadcasts returns how many broadcasts wait for the hub's next batch.
func QueuedBroadcasts(h *Hub) int {
	h.commits.mu.Lock()
	defer h.commits.mu.Unlock()
	return len(h.commits.pending)
}

// WithStreamClock makes a Stream's heartbeat run on c.
func WithStreamClock(c clock.Clock) StreamOption {
	return StreamOption{func(o *streamOptions) { o.clock = c }}
}

// WithHubClock makes a Hub's heartbeats run on c.
func WithHubClock(c clock.Clock) HubOption {
	return HubOption{func(o *hubOptions) { o.clock = c }}
}
