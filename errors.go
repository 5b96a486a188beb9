// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"errors"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Errors callers can match with [errors.Is]. Errors returned by this package wrap one
// of these where it applies, with detail (the field, the connection, the limit) added.
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
)

// Errors of the client side.
var (
	// ErrUnexpectedStatus is wrapped by the [*ResponseError] of a response whose status
	// is not 2xx.
	ErrUnexpectedStatus = errors.New("sse: unexpected status")

	// ErrUnexpectedContentType is wrapped by the [*ResponseError] of a response that
	// is not text/event-stream, or whose body is in a content coding the Client cannot
	// decode (see [ResponseError.ContentEncoding]).
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
)
