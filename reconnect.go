// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/hertz-contrib/sse/internal/wait"
)

// Defaults of a [ReconnectPolicy].
const (
	DefaultReconnectDelay    = 3 * time.Second
	DefaultMaxReconnectDelay = 30 * time.Second
	// MinFailedReconnectDelay is where the backoff starts when the base delay is
	// zero: the wait after the first failed attempt.
	MinFailedReconnectDelay = 100 * time.Millisecond
)

// ReconnectPolicy says when a [Client] reconnects; see [WithReconnect]. The zero value
// is a good default: it reconnects forever, after the server's retry time, doubling the
// wait after each failed attempt up to 30 seconds.
//
// The wait before an attempt is the base delay (the server's Retry-After or last retry
// field, else Delay) times 2^n, where n counts the failed attempts since a connection
// last opened, capped at MaxDelay (or at the base delay, if larger), plus a random
// jitter of up to half of it, so that clients dropped together do not all return at
// once. A base delay of zero (a negative Delay, or a server's "retry: 0") reconnects
// at once after a stream ends; attempts that then keep failing still back off, from
// [MinFailedReconnectDelay], so that a server that is down is not called in a loop.
type ReconnectPolicy struct {
	// Delay is the base delay when the server has not set one. Zero means
	// DefaultReconnectDelay; negative means no delay: reconnect at once.
	Delay time.Duration
	// MaxDelay caps the growth of the wait. Zero means DefaultMaxReconnectDelay.
	MaxDelay time.Duration
	// MaxAttempts is how many attempts in a row may fail to open a stream before
	// Subscribe gives up. Zero means no limit.
	MaxAttempts int
	// MaxElapsed is how long attempts may keep failing, counted from the first failure
	// since a connection last opened, before Subscribe gives up. Zero means no limit.
	MaxElapsed time.Duration
}

func (p *ReconnectPolicy) delay() time.Duration {
	switch {
	case p.Delay > 0:
		return p.Delay
	case p.Delay < 0:
		return 0
	}
	return DefaultReconnectDelay
}

func (p *ReconnectPolicy) maxDelay() time.Duration {
	if p.MaxDelay > 0 {
		return p.MaxDelay
	}
	return DefaultMaxReconnectDelay
}

// reconnectDelay is the wait before attempt n (0 for the first) from base, with
// jitter in [0, 1) choosing where in the jitter range it falls.
func reconnectDelay(p *ReconnectPolicy, base time.Duration, n int, jitter float64) time.Duration {
	if base == 0 {
		if n == 0 {
			return 0
		}
		base, n = min(MinFailedReconnectDelay, p.maxDelay()), n-1
	}
	d := wait.Exponential(base, p.maxDelay(), n)
	return d + time.Duration(jitter*float64(d/2))
}

// backoff counts the failed attempts of one subscription. Its clock and its jitter
// are its own, so that tests can set them.
type backoff struct {
	attempts int
	since    time.Time // first failure since a connection last opened

	now    func() time.Time // time.Now unless set
	jitter func() float64   // rand.Float64 unless set
}

func (b *backoff) reset() { b.attempts, b.since = 0, time.Time{} }

// next returns the wait before the next attempt, or an error matching ErrGaveUp when
// the policy forbids one.
func (b *backoff) next(p *ReconnectPolicy, base time.Duration, cause error) (time.Duration, error) {
	now, jitter := time.Now, rand.Float64
	if b.now != nil {
		now = b.now
	}
	if b.jitter != nil {
		jitter = b.jitter
	}
	if b.attempts == 0 {
		b.since = now()
	}
	if p.MaxAttempts > 0 && b.attempts >= p.MaxAttempts {
		return 0, fmt.Errorf("%w after %d attempts: %w", ErrGaveUp, b.attempts, cause)
	}
	if p.MaxElapsed > 0 && now().Sub(b.since) >= p.MaxElapsed {
		return 0, fmt.Errorf("%w after %v: %w", ErrGaveUp, p.MaxElapsed, cause)
	}
	d := reconnectDelay(p, base, b.attempts, jitter())
	b.attempts++
	return d, nil
}

// retryable reports whether a connection that ended with err is worth another
// attempt: a clean end, a network failure, a server error, 408 or 429 are; a refusal
// or bad data, which would only come again, are not.
func retryable(err error) bool {
	var re *ResponseError
	switch {
	case errors.As(err, &re):
		return re.Err == ErrUnexpectedStatus &&
			(re.StatusCode >= 500 || re.StatusCode == 408 || re.StatusCode == 429)
	case errors.Is(err, ErrEventTooLarge), errors.As(err, new(permanentError)):
		return false
	}
	return true
}

// permanentError marks a failure that another attempt would only repeat.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// describeEnd says in a log line how a connection ended.
func describeEnd(err error) string {
	if errors.Is(err, io.EOF) {
		return "server ended the stream"
	}
	return err.Error()
}
