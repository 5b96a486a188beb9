// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

func TestReconnectDelay(t *testing.T) {
	s := time.Second
	cases := []struct {
		name    string
		policy  ReconnectPolicy
		base    time.Duration
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{"first attempt waits the base", ReconnectPolicy{}, s, 0, 0, s},
		{"jitter adds up to half", ReconnectPolicy{}, s, 0, 0.5, s + 250*time.Millisecond},
		{"doubles per failed attempt", ReconnectPolicy{}, s, 3, 0, 8 * s},
		{"capped by MaxDelay", ReconnectPolicy{}, s, 10, 0, DefaultMaxReconnectDelay},
		{"custom cap", ReconnectPolicy{MaxDelay: 5 * s}, s, 10, 0.5, 5*s + 1250*time.Millisecond},
		{"a server's retry above the cap wins", ReconnectPolicy{MaxDelay: 5 * s}, 60 * s, 2, 0, 60 * s},
		{"huge attempt counts do not overflow", ReconnectPolicy{}, s, 1 << 30, 0, DefaultMaxReconnectDelay},
		{"a zero base reconnects at once", ReconnectPolicy{}, 0, 0, 0.9, 0},
		{"a zero base backs off from the floor after a failure", ReconnectPolicy{}, 0, 1, 0, MinFailedReconnectDelay},
		{"and doubles from there", ReconnectPolicy{}, 0, 3, 0, 4 * MinFailedReconnectDelay},
		{"a floor above the cap is capped", ReconnectPolicy{MaxDelay: 10 * time.Millisecond}, 0, 1, 0, 10 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.DeepEqual(t, tc.want, reconnectDelay(&tc.policy, tc.base, tc.attempt, tc.jitter))
		})
	}
}

func TestReconnectPolicyDelay(t *testing.T) {
	assert.DeepEqual(t, DefaultReconnectDelay, (&ReconnectPolicy{}).delay())
	assert.DeepEqual(t, 2*time.Second, (&ReconnectPolicy{Delay: 2 * time.Second}).delay())
	assert.DeepEqual(t, time.Duration(0), (&ReconnectPolicy{Delay: -1}).delay())
}

func TestBackoffLimits(t *testing.T) {
	p := &ReconnectPolicy{MaxAttempts: 2}
	var b backoff
	for range 2 {
		_, err := b.next(p, time.Millisecond, io.EOF)
		assert.Nil(t, err)
	}
	_, err := b.next(p, time.Millisecond, io.EOF)
	assert.Assert(t, errors.Is(err, ErrGaveUp) && errors.Is(err, io.EOF), err)
	b.reset()
	_, err = b.next(p, time.Millisecond, io.EOF)
	assert.Nil(t, err)
}

// TestBackoffOnItsOwnClock runs a policy's limits on a clock the test moves: the waits
// grow as the policy says, MaxElapsed counts from the first failure, and a connection
// that opens starts the count again.
func TestBackoffOnItsOwnClock(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	b := backoff{now: func() time.Time { return clock }, jitter: func() float64 { return 0 }}
	p := &ReconnectPolicy{Delay: time.Second, MaxElapsed: 10 * time.Second}
	var waits []time.Duration
	for {
		d, err := b.next(p, p.delay(), io.EOF)
		if err != nil {
			assert.Assert(t, errors.Is(err, ErrGaveUp) && errors.Is(err, io.EOF), err)
			break
		}
		waits = append(waits, d)
		clock = clock.Add(d) // the attempt fails at once
	}
	assert.DeepEqual(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}, waits)

	b.reset() // a connection opened
	clock = clock.Add(time.Hour)
	d, err := b.next(p, p.delay(), io.EOF)
	assert.Nil(t, err)
	assert.DeepEqual(t, time.Second, d)
}

func TestRetryable(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{io.EOF, true},
		{io.ErrUnexpectedEOF, true},
		{&ResponseError{StatusCode: 500, Err: ErrUnexpectedStatus}, true},
		{&ResponseError{StatusCode: 408, Err: ErrUnexpectedStatus}, true},
		{&ResponseError{StatusCode: 429, Err: ErrUnexpectedStatus}, true},
		{&ResponseError{StatusCode: 404, Err: ErrUnexpectedStatus}, false},
		{&ResponseError{StatusCode: 200, Err: ErrUnexpectedContentType}, false},
		{ErrEventTooLarge, false},
		{permanentError{io.EOF}, false},
		{fmt.Errorf("%w: nothing arrived for 1s", ErrReadTimeout), true},
		{permanentError{ErrTooManyRedirects}, false},
	}
	for _, tc := range cases {
		assert.DeepEqual(t, tc.want, retryable(tc.err))
	}
}
