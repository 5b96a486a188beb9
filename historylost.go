// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"encoding/json"
	"errors"
)

// HistoryLostEvent is the type of the event with which a [Hub] tells a reconnecting
// client that it cannot recover what the client missed: its Last-Event-ID is unknown
// (the server restarted and lost its history, say) or too old. The client keeps its
// stream and receives live events from then on; this event comes first. Its ID is
// where the client now stands, and its data a JSON [HistoryLost].
//
// A page listens for it by name:
//
//	source.addEventListener("history-lost", (e) => reload(JSON.parse(e.data)))
//
// A Go client recognises it with [IsHistoryLost].
const HistoryLostEvent = "history-lost"

// HistoryLost is the data of a [HistoryLostEvent], in JSON.
type HistoryLost struct {
	// LastEventID is the Last-Event-ID the client asked to resume from.
	LastEventID string `json:"lastEventId"`
	// Reason is "unknown" when the history never held that ID, "expired" when the
	// events after it were dropped from the history.
	Reason string `json:"reason"`
}

// IsHistoryLost reports whether e is a [HistoryLostEvent] and, if so, returns its
// data.
func IsHistoryLost(e *Event) (HistoryLost, bool) {
	var h HistoryLost
	if e == nil || e.Event != HistoryLostEvent || json.Unmarshal(e.Data, &h) != nil {
		return HistoryLost{}, false
	}
	return h, true
}

// historyLostEvent is the event that announces a gap: the client asked for lastID,
// and the replay failed with gap; it now stands at position.
func historyLostEvent(lastID, position string, gap error) *Event {
	reason := "unknown"
	if errors.Is(gap, ErrEventIDExpired) {
		reason = "expired"
	}
	data, _ := json.Marshal(HistoryLost{LastEventID: lastID, Reason: reason})
	return &Event{Event: HistoryLostEvent, ID: position, Data: data}
}
