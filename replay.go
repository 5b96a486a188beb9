// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"slices"
)

// Replayer keeps a history of published events so that a client reconnecting with
// Last-Event-ID receives exactly the events it missed. [NewMemoryReplayer] keeps it in
// memory; the redis module keeps it in Redis Streams for many instances.
//
// A Hub never holds its lock while it calls a Replayer: broadcasts that arrive while
// one is being stored wait in line, are stored together, and are fanned out in the
// order of their IDs. A Replayer that can store many events in one step (one round
// trip, one lock) should implement [BatchStorer] so that they are.
//
// Every implementation must be safe for concurrent use and must guarantee:
//   - Store assigns IDs in the order of the calls, unique for the Replayer's whole
//     history, and Compare orders them;
//   - Replay sends, in that order, every held event after afterID whose topic is one of
//     topics or is "" (an event for every client), and nothing else;
//   - Replay returns an error wrapping [ErrUnknownEventID] or [ErrEventIDExpired],
//     before sending anything, when it cannot tell exactly what came after afterID;
//     it never guesses.
type Replayer interface {
	// Store records event under topic ("" for every client), first setting event.ID
	// to the next ID. The Replayer keeps its own copy of the event.
	Store(ctx context.Context, topic string, event *Event) error

	// Replay calls send for every held event after afterID for topics, in order, and
	// returns how many it sent. An empty afterID replays everything held. It stops at
	// the first error from send and returns it.
	Replay(ctx context.Context, afterID string, topics []string, send func(*Event) error) (int, error)

	// Compare orders two IDs the Replayer assigned: negative if a was stored before b,
	// zero if they are equal, positive if after.
	Compare(a, b string) int

	// LastID returns the ID of the newest event stored or, before the first one, an ID
	// that Replay takes to mean "before everything". A Hub gives it to a new client as
	// its starting point, so that a client cut off before its first event resumes from
	// where it joined.
	LastID(ctx context.Context) (string, error)
}

// BatchStorer is implemented by a [Replayer] that can store many events at once. A
// Hub with such a Replayer and no Broadcaster hands it each batch of broadcasts that
// queued up while the previous batch was stored, in one StoreBatch call, instead of
// calling Store for each.
type BatchStorer interface {
	// StoreBatch stores the events of batch in order, with the guarantees of Store:
	// each Event.ID is set to the next ID, in the order of batch. It returns how many
	// events, from the first, it stored; batch[stored:] were not stored, and err
	// says why (an implementation documents when it cannot tell whether they were,
	// as when its backend did not answer). The Replayer keeps its own copies.
	StoreBatch(ctx context.Context, batch []TopicEvent) (stored int, err error)
}

// TopicMatches reports whether an event stored under topic ("" for every client) is
// for a client subscribed to topics: the rule of [Replayer.Replay], and of a [Hub]'s
// fan-out.
func TopicMatches(topic string, topics []string) bool {
	return topic == "" || slices.Contains(topics, topic)
}
