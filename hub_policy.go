// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "strconv"

// SlowPolicy is what a [Hub] does with a client whose queue is full.
type SlowPolicy int

const (
	// SlowDisconnect, the default, drops the client: its stream is cut and Serve
	// returns [ErrSlowClient]. A reconnecting client then recovers what it missed from
	// the hub's Replayer, so nothing is lost and nobody waits.
	SlowDisconnect SlowPolicy = iota
	// SlowDropEvents keeps the client and drops the events that do not fit its queue.
	// The client silently misses them: use it only for streams where a later event
	// replaces an earlier one (prices, presence, progress).
	SlowDropEvents
)

// String returns the policy's name, as used in logs and metric labels.
func (p SlowPolicy) String() string {
	switch p {
	case SlowDisconnect:
		return "disconnect"
	case SlowDropEvents:
		return "drop-events"
	}
	return "SlowPolicy(" + strconv.Itoa(int(p)) + ")"
}

// GapPolicy is what [Hub.Serve] does when its Replayer cannot tell what a reconnecting
// client missed (the Last-Event-ID is unknown or too old): after a restart that lost
// the history, say.
type GapPolicy int

const (
	// GapNotify, the default, keeps the client: it first receives a
	// [HistoryLostEvent], which says that what it missed cannot be recovered and moves
	// its last event ID to the newest event, then live events.
	GapNotify GapPolicy = iota
	// GapReplayAll sends every event the Replayer still holds for the client's topics,
	// then live events.
	GapReplayAll
	// GapLiveOnly sends live events only, without a word.
	GapLiveOnly
	// GapRefuse answers 204 No Content, which makes the client stop reconnecting for
	// good, and makes Serve return the error, which wraps ErrUnknownEventID or
	// ErrEventIDExpired.
	GapRefuse
)

// String returns the policy's name.
func (p GapPolicy) String() string {
	switch p {
	case GapNotify:
		return "notify"
	case GapReplayAll:
		return "replay-all"
	case GapLiveOnly:
		return "live-only"
	case GapRefuse:
		return "refuse"
	}
	return "GapPolicy(" + strconv.Itoa(int(p)) + ")"
}
