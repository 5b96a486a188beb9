// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"errors"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Errors callers can match with [errors.Is], all of the package in one place. An error
// this package returns wraps one of these where it applies, with detail added (the
// field, the connection, the limit); typed errors ([*ResponseError],
// [*RefusalError]) carry the numbers, and wrap one of these too.
var (
	// ErrInvalidID is returned when an event ID contains CR, LF or NUL. A CR or LF
	// would inject fields into the stream; an ID with NUL is ignored by browsers.
	ErrInvalidID = errors.New("sse: event id contains CR, LF or NUL")

	// ErrInvalidEventName is returned when an event name contains CR or LF, which
	// would inject fields into the stream.
	ErrInvalidEventName = errors.New("sse: event name contains CR or LF")

	// ErrInvalidRetry is returned when an event's Retry is negative.
	ErrInvalidRetry = errors.New("sse: retry is negative")

	// ErrStreamClosed is returned by every write on a [Stream] after it was closed,
	// either by [Stream.Close] or because its handler returned.
	ErrStreamClosed = errors.New("sse: stream closed")

	// ErrUnexpectedStatus is wrapped by the [*ResponseError] of a response whose status
	// is not 2xx.
	ErrUnexpectedStatus = errors.New("sse: unexpected status")

	// ErrUnexpectedContentType is wrapped by the [*ResponseError] of a response that
	// is not text/event-stream, or whose Content-Encoding the Client cannot decode.
	ErrUnexpectedContentType = errors.New("sse: response is not text/event-stream")

	// ErrEventTooLarge is returned when a line or an event is larger than the Client's
	// max buffer size. It also matches bufio.ErrTooLong.
	ErrEventTooLarge = parser.ErrTooLarge

	// ErrReadTimeout is returned when nothing arrived on a connection for the read
	// timeout set with [WithReadTimeout].
	ErrReadTimeout = errors.New("sse: read timeout")

	// ErrTooManyRedirects is returned when a server redirects a request more times
	// than [WithMaxRedirects] allows.
	ErrTooManyRedirects = errors.New("sse: too many redirects")

	// ErrBadRedirect is returned for a redirect that cannot be followed: its Location
	// is missing, empty, unparsable or not http or https.
	ErrBadRedirect = errors.New("sse: bad redirect")

	// ErrGaveUp is returned by a reconnecting Client once its [ReconnectPolicy] runs
	// out of attempts or time; the error also wraps the last failure.
	ErrGaveUp = errors.New("sse: gave up reconnecting")

	// ErrHubClosed is returned by a Hub's methods once Shutdown has been called.
	ErrHubClosed = errors.New("sse: hub closed")

	// ErrSlowClient is returned by [Hub.Serve] when the hub dropped the client because
	// its queue was full (see [SlowDisconnect]).
	ErrSlowClient = errors.New("sse: client too slow, dropped")

	// ErrNotRegistered is returned for a Connection the Hub does not hold.
	ErrNotRegistered = errors.New("sse: connection not registered")

	// ErrAlreadyRegistered is returned by [Hub.Register] for a Connection the Hub
	// holds already.
	ErrAlreadyRegistered = errors.New("sse: connection already registered")

	// ErrForbidden is wrapped by the error [Hub.Serve] returns when the hub's
	// [Authorizer] refuses a request.
	ErrForbidden = errors.New("sse: subscription refused")

	// ErrUnknownEventID is returned by a [Replayer], wrapped with the ID, when the
	// Last-Event-ID was never assigned by it: it comes from another server, from
	// before a restart, or was made up. A [Hub] then follows its [GapPolicy].
	ErrUnknownEventID = errors.New("sse: unknown last event id")

	// ErrEventIDExpired is returned by a [Replayer], wrapped with the ID, when events
	// after the Last-Event-ID were dropped from the history (it holds too few events,
	// or too young ones), so some are lost. A [Hub] then follows its [GapPolicy].
	ErrEventIDExpired = errors.New("sse: events after last event id are no longer held")
)
