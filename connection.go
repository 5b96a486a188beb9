// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "time"

// Connection is one client's event stream, as a [Hub] holds it: the seam between the
// hub and a transport. [*Stream] implements it, with [EncodedWriter] and [Aborter];
// implement it yourself to put another transport behind a Hub ([Hub.Register]).
//
// Every implementation must be safe for concurrent use, must never interleave two
// writes, and must return an error from every call once the client is gone or Close
// has been called. The Hub calls a Connection's methods only from its writers, never
// while it holds a lock, so a slow client holds up nobody but itself; what it must
// never block is Abort.
type Connection interface {
	// Publish sends one event.
	Publish(e *Event) error
	// SendComment sends a comment, which clients ignore; it keeps idle connections open.
	SendComment(text string) error
	// SetRetry tells the client how long to wait before reconnecting.
	SetRetry(d time.Duration) error
	// Close ends the stream cleanly. It may wait for a write in progress.
	Close() error
}

// EncodedWriter is implemented by a [Connection] that takes events already encoded. A
// Hub encodes each event once for all its clients; a Connection that is an
// EncodedWriter receives those bytes, all its queued events in one call, instead of a
// Publish per event.
type EncodedWriter interface {
	// WriteEncoded writes p, one or more whole blocks of an event stream as
	// [Event.AppendText] encodes them, with one write. It may block while the client
	// is slow.
	WriteEncoded(p []byte) error
}

// Aborter is implemented by a [Connection] that can be cut without waiting: a Hub
// aborts a client it drops as too slow, and the clients still being written to when
// Shutdown runs out of time. A Connection that is not an Aborter is cut with Close,
// on a goroutine of its own, since Close may wait.
type Aborter interface {
	// Abort cuts the connection, so that a write blocked on it returns with an error.
	// It never blocks, may be called from any goroutine, more than once, and does
	// nothing once the connection is closed.
	Abort()
}

var (
	_ Connection    = (*Stream)(nil)
	_ EncodedWriter = (*Stream)(nil)
	_ Aborter       = (*Stream)(nil)
)
