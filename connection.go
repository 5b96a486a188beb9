// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "time"

// Connection is one client's event stream, as a [Hub] holds it. [*Stream] implements it;
// implement it yourself to put another transport behind a Hub.
//
// Every implementation must be safe for concurrent use, must never interleave two
// writes, and must return an error from every call once the client is gone or Close
// has been called.
type Connection interface {
	// Publish sends one event.
	Publish(e *Event) error
	// SendComment sends a comment, which clients ignore; it keeps idle connections open.
	SendComment(text string) error
	// SetRetry tells the client how long to wait before reconnecting.
	SetRetry(d time.Duration) error
	// Close ends the stream cleanly.
	Close() error
}

var _ Connection = (*Stream)(nil)
