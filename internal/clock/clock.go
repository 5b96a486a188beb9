// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package clock is the time that heartbeats run on: the real one, or a Fake that tests
// move by hand, so that a heartbeat test waits for nothing.
package clock

import (
	"sort"
	"sync"
	"time"
)

// Clock tells the time and runs functions later.
type Clock interface {
	Now() time.Time
	// AfterFunc runs f on a goroutine of its own once d has passed, as time.AfterFunc.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is what AfterFunc returns: a time.Timer's Stop and Reset.
type Timer interface {
	Stop() bool
	Reset(d time.Duration) bool
}

// Real is the system's clock.
var Real Clock = real{}

type real struct{}

func (real) Now() time.Time                            { return time.Now() }
func (real) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Fake is a clock that moves only when Advance moves it. Its timers run their function
// on the goroutine that calls Advance, in the order they are due. It is safe for
// concurrent use.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

// NewFake returns a Fake that reads start.
func NewFake(start time.Time) *Fake { return &Fake{now: start} }

// Now returns the fake time.
func (c *Fake) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f for when the fake time has moved d on.
func (c *Fake) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, f: f, due: c.now.Add(d), armed: true}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the time on by d, running every timer that falls due on the way, each
// at its own time, a timer reset by one of them included.
func (c *Fake) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	for {
		t := c.nextLocked(end)
		if t == nil {
			break
		}
		c.now = t.due
		t.armed = false
		c.mu.Unlock()
		t.f()
		c.mu.Lock()
	}
	c.now = end
	c.mu.Unlock()
}

// Waiting returns how many timers are armed.
func (c *Fake) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if t.armed {
			n++
		}
	}
	return n
}

// nextLocked returns the armed timer due first, at end at the latest, or nil.
func (c *Fake) nextLocked(end time.Time) *fakeTimer {
	sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].due.Before(c.timers[j].due) })
	for _, t := range c.timers {
		if t.armed && !t.due.After(end) {
			return t
		}
	}
	return nil
}

type fakeTimer struct {
	c     *Fake
	f     func()
	due   time.Time
	armed bool
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.armed
	t.armed = false
	return was
}

func (t *fakeTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := t.armed
	t.due, t.armed = t.c.now.Add(d), true
	return was
}
