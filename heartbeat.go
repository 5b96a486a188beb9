// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"time"

	"github.com/hertz-contrib/sse/internal/clock"
)

// heartbeatComment is the smallest comment: a lone colon and a line end.
var heartbeatComment = []byte(":\n")

// heartbeat writes a comment whenever its Stream has been silent for a whole interval,
// so that the stream is never silent for longer. It runs on a timer, not a goroutine of
// its own, and every method but start is called with the Stream's lock held.
type heartbeat struct {
	s        *Stream
	interval time.Duration
	clock    clock.Clock
	timer    clock.Timer
	last     time.Time // time of the last write
}

func startHeartbeat(s *Stream, interval time.Duration, c clock.Clock) *heartbeat {
	h := &heartbeat{s: s, interval: interval, clock: c, last: c.Now()}
	h.timer = c.AfterFunc(interval, h.fire)
	return h
}

func (h *heartbeat) wrote() {
	if h != nil {
		h.last = h.clock.Now()
	}
}

func (h *heartbeat) stop() {
	if h != nil {
		h.timer.Stop()
	}
}

func (h *heartbeat) fire() {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	if idle := h.clock.Now().Sub(h.last); idle < h.interval {
		h.timer.Reset(h.interval - idle)
		return
	}
	if s.writeLocked(heartbeatComment) == nil {
		h.timer.Reset(h.interval)
	}
}
