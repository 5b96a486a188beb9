// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "time"

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
