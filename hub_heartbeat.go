// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"sync"
	"time"

	"github.com/hertz-contrib/sse/internal/clock"
)

// beatSlots is how many ticks one heartbeat interval has: a comment goes out after
// between interval-interval/beatSlots and interval of silence.
const beatSlots = 8

// heartbeats sends the hub's heartbeat comments with one timer for every client,
// rather than a timer each: tens of thousands of idle clients would otherwise hold as
// many timers. Clients wait in a wheel of beatSlots lists, each in the list of the
// tick at which it will have been silent for nearly the interval. The timer ticks
// every interval/beatSlots while any client waits, and not at all when none does.
//
// The lock order is heartbeats.mu, then member.mu; a member never takes
// heartbeats.mu while holding its own lock.
type heartbeats struct {
	hub *Hub

	mu    sync.Mutex
	slots [beatSlots]beatList
	tick  int64 // the last tick handled
	timer clock.Timer
	count int // members in the wheel
}

// beatList is a doubly linked list of members, through member.beatPrev/beatNext.
type beatList struct{ head *member }

func (l *beatList) push(m *member) {
	m.beatPrev, m.beatNext = nil, l.head
	if l.head != nil {
		l.head.beatPrev = m
	}
	l.head = m
}

func (l *beatList) remove(m *member) {
	if m.beatPrev != nil {
		m.beatPrev.beatNext = m.beatNext
	} else {
		l.head = m.beatNext
	}
	if m.beatNext != nil {
		m.beatNext.beatPrev = m.beatPrev
	}
	m.beatPrev, m.beatNext = nil, nil
}

// beatNone marks a member that is in no list of the wheel.
const beatNone = -1

func (b *heartbeats) period() time.Duration { return max(b.hub.opts.heartbeat/beatSlots, 1) }

// tickOf returns the tick at which a member silent since lastWrite is due: the last
// tick before it has been silent for the whole interval.
func (b *heartbeats) tickOf(lastWrite time.Duration) int64 {
	return int64(lastWrite+b.hub.opts.heartbeat)/int64(b.period()) - 1
}

// add puts m in the wheel, due an interval after lastWrite. It starts the timer if m
// is the first member to wait.
func (b *heartbeats) add(m *member, lastWrite time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.beatSlot != beatNone {
		return
	}
	start := b.timer == nil
	if start {
		b.tick = int64(b.hub.clock()) / int64(b.period())
	}
	b.insertLocked(m, b.tickOf(lastWrite))
	if start {
		b.timer = b.hub.opts.clock.AfterFunc(b.untilNextTick(), b.fire)
	}
}

func (b *heartbeats) insertLocked(m *member, due int64) {
	// A member due at or before the next tick goes to the next tick's list: nothing
	// goes back in time.
	due = max(due, b.tick+1)
	slot := int(due % beatSlots)
	m.beatSlot, m.beatDue = int8(slot), due
	b.slots[slot].push(m)
	b.count++
}

// remove takes m out of the wheel, if it is in it.
func (b *heartbeats) remove(m *member) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.beatSlot == beatNone {
		return
	}
	b.slots[m.beatSlot].remove(m)
	m.beatSlot = beatNone
	b.count--
}

func (b *heartbeats) untilNextTick() time.Duration {
	p := b.period()
	return time.Duration(b.tick+1)*p - b.hub.clock()
}

// fire runs on the timer: it handles every tick up to now, and asks each member due
// in them for a comment if it has been silent for nearly the interval, or puts it
// back where it will be.
func (b *heartbeats) fire() {
	now := b.hub.clock()
	b.mu.Lock()
	var due []*member
	for b.tick < int64(now)/int64(b.period()) {
		b.tick++
		slot := &b.slots[b.tick%beatSlots]
		for m := slot.head; m != nil; {
			next := m.beatNext
			if m.beatDue <= b.tick {
				slot.remove(m)
				m.beatSlot = beatNone
				b.count--
				due = append(due, m)
			}
			m = next
		}
	}
	b.mu.Unlock()

	threshold := b.hub.opts.heartbeat - b.period()
	for _, m := range due {
		push := false
		b.mu.Lock()
		m.mu.Lock()
		if m.state&finished == 0 && m.beatSlot == beatNone {
			lastWrite := m.lastWrite
			if now-lastWrite >= threshold {
				// Silent for nearly the interval: a comment goes out now, and the next
				// check is an interval from now.
				m.state |= beatDue
				push = m.scheduleLocked()
				lastWrite = now
			}
			b.insertLocked(m, b.tickOf(lastWrite))
		}
		m.mu.Unlock()
		b.mu.Unlock()
		if push {
			b.hub.writers.push(m)
		}
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	if b.count == 0 {
		b.timer = nil
		return
	}
	b.timer.Reset(b.untilNextTick())
}
