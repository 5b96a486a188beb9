// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"runtime"
	"sync"
	"time"
)

// stuckAfter is how long a writer may spend on one client before the hub presumes it
// blocked on a client that reads nothing and starts another writer in its place.
const stuckAfter = 5 * time.Millisecond

// writers is the hub's pool of writer goroutines. A member with something to write
// is pushed to the ready list; a writer takes it, writes everything it has, and takes
// the next. There are as many writers as there are CPUs while there is work and none
// when there is none, so an idle client costs no goroutine but its handler's.
//
// A write to a client whose socket buffer is full blocks its writer. So that such a
// client never holds up the others, a writer that has spent stuckAfter on one client
// no longer counts, and another one starts if work is waiting; the blocked writer
// finishes its write (or fails it, when the slow-client policy cuts the connection)
// and then leaves if the pool is full again.
type writers struct {
	epoch time.Time // the hub's clock starts here

	mu sync.Mutex
	// ready is the ready list, a ring of ready[start:start+count] (mod its length):
	// a slot per member, so that the list's work under the lock touches no member's
	// memory.
	ready        []*member
	start, count int
	limit        int // how many writers may count at once

	staged   []*member // see stage; guarded by the hub's lock
	counting int       // writers alive and not presumed blocked
	alive    int       // writers alive
	gone     sync.Cond
}

func (p *writers) init(epoch time.Time) {
	p.epoch = epoch
	p.limit = runtime.GOMAXPROCS(0)
	p.gone.L = &p.mu
}

// clock returns the hub's monotonic time.
func (h *Hub) clock() time.Duration { return h.opts.clock.Now().Sub(h.writers.epoch) }

// push adds m to the back of the ready list and starts a writer if fewer than limit
// count. It never blocks.
func (p *writers) push(m *member) {
	p.mu.Lock()
	p.addLocked(m)
	p.mu.Unlock()
}

func (p *writers) addLocked(m *member) {
	if p.count == len(p.ready) {
		p.growLocked()
	}
	p.ready[(p.start+p.count)%len(p.ready)] = m
	p.count++
	if p.counting < p.limit {
		p.startLocked()
	}
}

// stageBatch is how many members a fan-out hands the writers at once.
const stageBatch = 64

// stage is push for a fan-out, which holds the hub's lock: members wait in staged, also
// under the hub's lock, and go to the ready list stageBatch at a time, so that a
// broadcast to many clients takes the writers' lock once per batch rather than once
// per client, and the writers start on the first batch while the rest is queued. The
// fan-out calls pushStaged before it releases the hub's lock.
func (p *writers) stage(m *member) {
	p.staged = append(p.staged, m)
	if len(p.staged) >= stageBatch {
		p.pushStaged()
	}
}

// pushStaged moves the staged members to the ready list; the hub's lock is held.
func (p *writers) pushStaged() {
	if len(p.staged) == 0 {
		return
	}
	p.mu.Lock()
	for _, m := range p.staged {
		p.addLocked(m)
	}
	p.mu.Unlock()
	clear(p.staged)
	p.staged = p.staged[:0]
}

// growLocked doubles the ring, keeping its order.
func (p *writers) growLocked() {
	ready := make([]*member, max(2*len(p.ready), 64))
	n := copy(ready, p.ready[p.start:])
	copy(ready[n:], p.ready[:p.start])
	p.ready, p.start = ready, 0
}

func (p *writers) popLocked() *member {
	if p.count == 0 {
		return nil
	}
	m := p.ready[p.start]
	p.ready[p.start] = nil
	p.start = (p.start + 1) % len(p.ready)
	p.count--
	return m
}

func (p *writers) startLocked() {
	p.counting++
	p.alive++
	// The goroutine arms its own timer: push may run on a handler's small stack.
	go (&writer{pool: p}).run()
}

// wait returns once no writer is left.
func (p *writers) wait() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.alive > 0 {
		p.gone.Wait()
	}
}

// writer is one goroutine of the pool. Its fields are guarded by pool.mu.
type writer struct {
	pool  *writers
	watch *time.Timer // checks every stuckAfter whether the writer has moved on
	taken uint64      // members taken so far
	seen  uint64      // taken at the last check
	stuck bool        // presumed blocked: does not count against the limit
	gone  bool
}

// run takes members from the ready list until it is empty, or until the pool has more
// writers than it needs, which happens when a writer presumed blocked comes back.
func (w *writer) run() {
	p := w.pool
	watch := time.AfterFunc(stuckAfter, w.check)
	p.mu.Lock()
	w.watch = watch
	p.mu.Unlock()
	for {
		p.mu.Lock()
		if w.stuck {
			w.stuck = false
			p.counting++
		}
		var m *member
		if p.counting <= p.limit {
			m = p.popLocked()
		}
		if m == nil {
			w.gone = true
			p.counting--
			p.alive--
			if p.alive == 0 {
				p.gone.Broadcast()
			}
			p.mu.Unlock()
			w.watch.Stop()
			return
		}
		w.taken++
		p.mu.Unlock()
		m.service()
	}
}

// check runs on the writer's timer: a writer still on the member it had at the last
// check is presumed blocked, and another writer starts if work is waiting.
func (w *writer) check() {
	p := w.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	if w.gone || w.watch == nil {
		return
	}
	if w.taken == w.seen && !w.stuck {
		w.stuck = true
		p.counting--
		if p.count > 0 && p.counting < p.limit {
			p.startLocked()
		}
	}
	w.seen = w.taken
	w.watch.Reset(stuckAfter)
}
