// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
)

// frame is one event as the hub hands it to every client: encoded once, shared by all
// the queues it is in, never changed.
type frame struct {
	topic string
	event Event // with its own copy of the data, for Connections that are not Streams
	wire  []byte
}

func newFrame(ev *Event) *frame {
	f := &frame{event: *ev}
	f.event.Data = append([]byte(nil), ev.Data...)
	f.wire, _ = appendEvent(make([]byte, 0, wireSize(ev)), ev)
	return f
}

// wireSize is about the size of ev's wire encoding, enough for one line of data.
func wireSize(ev *Event) int { return len(ev.Data) + len(ev.ID) + len(ev.Event) + 32 }

// newFrames encodes each event of batch once, into frames carved from a few blocks
// for the whole batch: a frame keeps its block alive, which costs less than an
// allocation per event. The data is copied unless owned says the events are the
// hub's to keep.
func newFrames(batch []TopicEvent, owned bool) []frame {
	wireLen, dataLen := 0, 0
	for _, te := range batch {
		wireLen += wireSize(te.Event)
		dataLen += len(te.Event.Data)
	}
	frames := make([]frame, len(batch))
	wire := make([]byte, 0, wireLen)
	var data []byte
	if !owned {
		data = make([]byte, 0, dataLen)
	}
	for i, te := range batch {
		f := &frames[i]
		f.topic, f.event = te.Topic, *te.Event
		if !owned && te.Event.Data != nil {
			start := len(data)
			data = append(data, te.Event.Data...)
			f.event.Data = data[start:len(data):len(data)]
		}
		start := len(wire)
		wire, _ = appendEvent(wire, te.Event)
		f.wire = wire[start:len(wire):len(wire)]
	}
	return frames
}

// member is one client of a Hub: its topics and its queue. It has no goroutine of its
// own: the hub's writers (see writers) take it whenever it has something to write,
// one writer at a time, so a client costs memory only while it is idle. The handler
// of a client served by Serve waits in run, on as little stack as it can, until the
// member is finished.
type member struct {
	hub  *Hub
	conn Connection
	// The seam to the client: conn, and the same connection as an EncodedWriter and an
	// Aborter when it is one (see attach).
	enc    EncodedWriter
	cut    Aborter
	topics []string
	joined time.Duration // when register added it, on the hub's clock, if the hub records durations
	// req, for a client of Serve, is the request whose stream the first writer to take
	// the member opens: the header write runs on a writer's stack, not the handler's.
	req *app.RequestContext

	mu           sync.Mutex
	queue, spare []*frame
	state        memberState
	beatSlot     int8  // its list in the heartbeat wheel, or beatNone; guarded by heartbeats.mu
	err          error // why the member finished
	// ended is released once the member is finished, for the handler waiting in run
	// (a WaitGroup, not a channel: it is all an idle client needs, at a sixth of the
	// memory).
	ended     sync.WaitGroup
	lastWrite time.Duration // when a writer last wrote, on the hub's clock

	// The member's place in the heartbeat wheel (with beatSlot); guarded by
	// heartbeats.mu.
	beatPrev, beatNext *member
	beatDue            int64 // the tick at which to check it

	// batchMark, under the hub's lock, tells whether the batch being fanned out has
	// reached the member already.
	batchMark uint64

	// skipThrough, set before the member is live, is the ID of the last event a replay
	// sent: queued events up to it are duplicates and are skipped. Only writers touch
	// it afterwards.
	skipThrough string
}

// memberState is a set of flags, guarded by member.mu.
type memberState uint16

const (
	// live: the replay, if any, is over and writers may take the member.
	live memberState = 1 << iota
	// scheduled: the member is in the ready list or held by a writer.
	scheduled
	// busy: a writer holds the member and may be writing to its connection.
	busy
	// beatDue: the connection has been silent for the heartbeat interval.
	beatDue
	// stopping: the handler's ctx ended, or Unregister was called.
	stopping
	// closing: the hub shuts down: send what is queued, say why, end the stream.
	closing
	// kicked: the hub dropped the member as too slow.
	kicked
	// finished: nothing will be written any more; ended is released.
	finished
	// beating: a writer has taken the member once and started its heartbeat.
	beating
)

// work is what makes a writer take the member.
const work = beatDue | stopping | closing | kicked

func (h *Hub) newMember(conn Connection, topics []string) *member {
	m := &member{hub: h, conn: conn, topics: ownTopics(topics), beatSlot: beatNone}
	m.attach(conn)
	return m
}

// attach makes conn the member's connection: queued events go to it in one write when
// it is an EncodedWriter, and it is cut without waiting when it is an Aborter.
func (m *member) attach(conn Connection) {
	m.conn = conn
	m.enc, _ = conn.(EncodedWriter)
	m.cut, _ = conn.(Aborter)
}

// newServedMember returns the member of a client of Serve: its stream opens when a
// writer first takes it, and its handler waits on ended.
func (h *Hub) newServedMember(c *app.RequestContext, topics []string) *member {
	m := &member{hub: h, req: c, topics: ownTopics(topics), beatSlot: beatNone}
	m.ended.Add(1)
	return m
}

// ownTopics returns topics sorted and without duplicates, never writing to the
// caller's array: a copy when there are several, the caller's single topic with its
// capacity clipped (so that Subscribe appends to a copy) otherwise. The common case
// allocates nothing, which keeps a handler's stack shallow.
func ownTopics(topics []string) []string {
	if len(topics) <= 1 {
		return slices.Clip(topics)
	}
	t := slices.Clone(topics)
	slices.Sort(t)
	return slices.Compact(t)
}

// enqueue adds f to the queue unless the queue is full. It is called with the hub's
// lock held, by a fan-out that calls writers.pushStaged before releasing it, and never
// blocks.
func (m *member) enqueue(f *frame) bool {
	m.mu.Lock()
	if m.state&(kicked|finished) != 0 {
		m.mu.Unlock()
		return true
	}
	if len(m.queue) >= m.hub.opts.queueSize {
		m.mu.Unlock()
		return false
	}
	m.queue = append(m.queue, f)
	// Only the first event of a batch schedules the member: the writer that takes it
	// takes everything queued by then, so a client that lags costs the broadcaster no
	// more than an append.
	push := m.scheduleLocked()
	m.mu.Unlock()
	if push {
		m.hub.writers.stage(m)
	}
	return true
}

// enqueueBatch adds to the queue, in order, the frames of batch for the member's
// topics, as many as fit, scheduling the member once; it returns how many did not fit.
// It is called with the hub's lock held, which guards the member's topics, by a
// fan-out that calls writers.pushStaged before releasing it, and never blocks.
func (m *member) enqueueBatch(batch []frame) (dropped int) {
	m.mu.Lock()
	if m.state&(kicked|finished) != 0 {
		m.mu.Unlock()
		return 0
	}
	queued := len(m.queue)
	for i := range batch {
		f := &batch[i]
		if f.topic != "" && !slices.Contains(m.topics, f.topic) {
			continue
		}
		if len(m.queue) >= m.hub.opts.queueSize {
			dropped++
			continue
		}
		m.queue = append(m.queue, f)
	}
	push := len(m.queue) > queued && m.scheduleLocked()
	m.mu.Unlock()
	if push {
		m.hub.writers.stage(m)
	}
	return dropped
}

// scheduleLocked marks the member scheduled and reports whether the caller must push
// it to the writers: when it is live and neither queued nor held already.
func (m *member) scheduleLocked() bool {
	if m.state&(live|scheduled|finished) != live {
		return false
	}
	m.state |= scheduled
	return true
}

// flag sets f and schedules the member, unless it has finished. Setting kicked, which
// happens once, also cuts the member's connection.
func (m *member) flag(f memberState) {
	m.mu.Lock()
	if m.state&finished != 0 || f&kicked != 0 && m.state&kicked != 0 {
		m.mu.Unlock()
		return
	}
	m.state |= f
	if f&kicked != 0 {
		m.abortLocked()
	}
	push := m.scheduleLocked()
	m.mu.Unlock()
	if push {
		m.hub.writers.push(m)
	}
}

// start makes the member live: writers may take it from now on. The first writer to
// take it starts its heartbeat (and opens the stream of a client of Serve): the
// handler that calls start only links the member into the ready list, which keeps
// its stack small.
func (m *member) start() { m.flag(live) }

// startHeartbeat puts the member in the hub's heartbeat wheel; the first writer to
// take the member calls it.
func (m *member) startHeartbeat() {
	now := m.hub.clock()
	m.mu.Lock()
	m.lastWrite = now
	m.mu.Unlock()
	if m.hub.opts.heartbeat > 0 {
		m.hub.beats.add(m, now)
	}
}

// kick drops the member: it finishes with ErrSlowClient, and its connection is cut so
// that a write blocked on a client that reads nothing returns too.
func (m *member) kick() { m.flag(kicked) }

// shutdown asks the member to send what is queued and end its stream cleanly.
func (m *member) shutdown() { m.flag(closing) }

// stop ends the member without writing anything more. If no writer holds it, it
// finishes at once; otherwise the writer that holds it finishes it when its write
// returns. A member of Register is unregistered when it finishes.
func (m *member) stop() {
	m.mu.Lock()
	if m.state&finished != 0 {
		m.mu.Unlock()
		return
	}
	if m.state&busy != 0 || m.state&live == 0 && m.req != nil {
		// A writer, or the handler's replay, is writing: it finishes the member.
		m.state |= stopping
		m.mu.Unlock()
		return
	}
	// A writer that finds the member in the ready list skips it.
	m.finishLocked(nil)
	m.mu.Unlock()
	m.afterFinish()
}

// abort cuts the connection of a member whose writer may be blocked in a write.
func (m *member) abort() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.abortLocked()
}

func (m *member) abortLocked() {
	if m.state&finished != 0 || m.conn == nil {
		return
	}
	if m.cut != nil {
		m.cut.Abort()
		return
	}
	// Close may wait for the write it should interrupt: never under a lock.
	conn := m.conn
	m.hub.cutting.Add(1)
	go func() {
		defer m.hub.cutting.Done()
		_ = conn.Close()
	}()
}

func (m *member) finishLocked(err error) {
	m.state |= finished
	m.state &^= scheduled
	m.err = err
	if m.req != nil {
		m.ended.Done()
	}
}

// afterFinish takes a finished member out of the heartbeat wheel and unregisters a
// member of Register; the handler of a member of Serve does that itself once run
// returns.
func (m *member) afterFinish() {
	if m.hub.opts.heartbeat > 0 {
		m.hub.beats.remove(m)
	}
	if m.req == nil {
		m.hub.unregister(m)
	}
}

// run is where the handler of a client of Serve waits: it makes the member live and
// returns once the member has finished, which happens after the last write to its
// stream, so that every write ends before the handler does. When ctx ends, the member
// is stopped and run returns nil.
//
// The wait is kept as shallow as possible: the goroutine parked here is the client's
// only goroutine, and its stack is most of what an idle client costs.
func (m *member) run(ctx context.Context) error {
	// A plain wait parks on less stack than a select; ctx, when it can end at all,
	// stops the member from a goroutine of its own.
	if ctx.Done() != nil {
		return m.runUntil(ctx)
	}
	m.start()
	m.ended.Wait()
	return m.err
}

func (m *member) runUntil(ctx context.Context) error {
	stop := context.AfterFunc(ctx, m.stop)
	defer stop()
	m.start()
	m.ended.Wait()
	return m.err
}

// service is what a writer does with the member it took: open the stream if it is
// not open yet, write what is queued, a heartbeat if one is due, the end of the
// stream if the hub shuts down; or finish the member if it was stopped or dropped.
func (m *member) service() {
	m.mu.Lock()
	if m.state&finished != 0 {
		m.mu.Unlock()
		return
	}
	m.state |= busy
	todo := m.state
	m.state &^= beatDue
	q := m.takeLocked()
	first := m.state&beating == 0
	m.state |= beating
	m.mu.Unlock()
	if first {
		m.startHeartbeat()
	}

	err, end := m.do(q, todo)
	clear(q)

	m.mu.Lock()
	m.state &^= busy
	if !end && m.state&(stopping|kicked) != 0 {
		// Stopped or dropped while this writer was writing: nothing more is written.
		err, end = m.failedLocked(nil), true
	}
	if end {
		m.finishLocked(err)
		m.mu.Unlock()
		m.afterFinish()
		return
	}
	m.lastWrite = m.hub.clock()
	push := len(m.queue) > 0 || m.state&work != 0
	if !push {
		m.state &^= scheduled
	}
	m.mu.Unlock()
	if push {
		// Back of the list: one busy client does not hold the writer from the others.
		m.hub.writers.push(m)
	}
}

// do writes q and what todo asks for, and reports whether the member is finished and
// with what error.
func (m *member) do(q []*frame, todo memberState) (err error, end bool) {
	switch {
	case todo&kicked != 0:
		return m.failed(nil), true
	case todo&stopping != 0:
		return nil, true
	}
	if len(q) > 0 {
	}
	if err := m.flush(q); err != nil {
		return m.failed(err), true
	}
	if todo&beatDue != 0 {
		if err := m.conn.SendComment(""); err != nil {
			return m.failed(err), true
		}
	}
	if todo&closing != 0 {
		// Say why the stream ends, and when to come back: a restarting server's
		// clients return at spread-out times.
		_ = m.conn.SendComment("server shutting down")
		_ = m.conn.SetRetry(jitter(m.hub.opts.retry))
		return m.conn.Close(), true
	}
	return nil, false
}

// openStream turns the response of a client of Serve into its event stream, with
// first as its first write: the response header and first leave in one write, so
// that a client never sees its stream open without what first says.
func (m *member) openStream(first []byte) error {
	s := NewStream(m.req, compressIf(m.hub.opts.compression), StreamOption{func(o *streamOptions) {
		o.holdHeader, o.log = true, m.hub.opts.log // the header leaves with first
	}})
	m.mu.Lock()
	m.attach(s)
	m.mu.Unlock()
	return s.write(first)
}

// send writes p to the stream of a client of Serve, opening the stream with p if it
// is not open yet. The handler calls it for the replay, before the member is live.
func (m *member) send(p []byte) error {
	if m.conn == nil {
		return m.openStream(p)
	}
	return m.enc.WriteEncoded(p)
}

// failed returns what ends the member after a failed write: ErrSlowClient if the hub
// dropped it (cutting its connection is what failed the write), else err.
func (m *member) failed(err error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.failedLocked(err)
}

func (m *member) failedLocked(err error) error {
	if m.state&kicked != 0 {
		return fmt.Errorf("%w: more than %d events queued", ErrSlowClient, m.hub.opts.queueSize)
	}
	return err
}

// idleQueueCap is the largest queue buffer a member keeps between bursts, so that an
// idle client does not hold on to the memory of a past burst.
const idleQueueCap = 64

// takeLocked empties the queue and returns what it held, swapping buffers so that a
// busy member allocates nothing.
func (m *member) takeLocked() []*frame {
	if cap(m.spare) > idleQueueCap {
		m.spare = nil
	}
	q := m.queue
	m.queue, m.spare = m.spare[:0], q
	return q
}

// flush writes q: to a Stream in one write, to another Connection one event at a time.
// The stream of a client of Serve opens here, with q: the response header and the
// first events leave in one write.
func (m *member) flush(q []*frame) error {
	if m.skipThrough != "" {
		q = m.skipReplayed(q)
	}
	var err error
	switch {
	case m.req != nil && m.conn == nil:
		err = m.openWith(q)
	case len(q) == 0:
		return nil
	default:
		err = m.write(q)
	}
	if err != nil {
		return err
	}
	if len(q) > 0 {
		m.hub.opts.metrics.EventsDelivered(len(q))
	}
	return nil
}

func (m *member) openWith(q []*frame) error {
	buf := getBuffer()
	defer putBuffer(buf)
	buf.b = appendWires(buf.b, q)
	return m.openStream(buf.b)
}

func (m *member) write(q []*frame) error {
	if m.enc == nil {
		for _, f := range q {
			if err := m.conn.Publish(&f.event); err != nil {
				return err
			}
		}
		return nil
	}
	if len(q) == 1 {
		return m.enc.WriteEncoded(q[0].wire)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	buf.b = appendWires(buf.b, q)
	return m.enc.WriteEncoded(buf.b)
}

func appendWires(dst []byte, q []*frame) []byte {
	for _, f := range q {
		dst = append(dst, f.wire...)
	}
	return dst
}

// skipReplayed drops the queued events that the replay already sent.
func (m *member) skipReplayed(q []*frame) []*frame {
	r := m.hub.opts.replayer
	for len(q) > 0 && r.Compare(q[0].event.ID, m.skipThrough) <= 0 {
		q = q[1:]
	}
	if len(q) > 0 {
		m.skipThrough = ""
	}
	return q
}
