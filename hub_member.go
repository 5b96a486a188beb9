// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
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

// member is one client of a Hub: its topics, its queue, and the loop that writes the
// queue to its Connection.
type member struct {
	hub    *Hub
	conn   Connection
	stream *Stream // conn, when it is a Stream: queued events then go out in one write
	topics []string
	joined time.Time // when register added it, if the hub records durations

	wake   chan struct{} // holds a token while the queue is not empty
	kicked chan struct{} // closed when the hub drops the member

	// batchMark, under the hub's lock, tells whether the batch being fanned out has
	// reached the member already.
	batchMark uint64

	mu           sync.Mutex
	queue, spare []*frame
	isKicked     bool
	exited       bool // the loop has returned: the connection may no longer be touched

	// Owned by the loop: the heartbeat timer and when the loop last wrote.
	beat      *time.Timer
	lastWrite time.Time

	// skipThrough, set before the loop starts, is the ID of the last event a replay
	// sent: queued events up to it are duplicates and are skipped.
	skipThrough string
}

func (h *Hub) newMember(conn Connection, topics []string) *member {
	m := &member{hub: h, conn: conn, topics: topics, wake: make(chan struct{}, 1), kicked: make(chan struct{})}
	m.stream, _ = conn.(*Stream)
	return m
}

// enqueue adds f to the queue unless the queue is full. It is called with the hub's
// lock held and never blocks.
func (m *member) enqueue(f *frame) bool {
	m.mu.Lock()
	if m.isKicked {
		m.mu.Unlock()
		return true
	}
	if len(m.queue) >= m.hub.opts.queueSize {
		m.mu.Unlock()
		return false
	}
	m.queue = append(m.queue, f)
	first := len(m.queue) == 1
	m.mu.Unlock()
	// Only the first event of a batch wakes the writer: take empties the queue, so a
	// later event finds it non-empty only while a wake-up is still due. A client that
	// lags costs the broadcaster no channel operation.
	if first {
		select {
		case m.wake <- struct{}{}:
		default:
		}
	}
	return true
}

// enqueueBatch adds to the queue, in order, the frames of batch for the member's
// topics, as many as fit, waking the writer once; it returns how many did not fit. It
// is called with the hub's lock held, which guards the member's topics, and never
// blocks.
func (m *member) enqueueBatch(batch []frame) (dropped int) {
	m.mu.Lock()
	if m.isKicked {
		m.mu.Unlock()
		return 0
	}
	wasEmpty := len(m.queue) == 0
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
	wake := wasEmpty && len(m.queue) > 0
	m.mu.Unlock()
	if wake {
		select {
		case m.wake <- struct{}{}:
		default:
		}
	}
	return dropped
}

// kick drops the member: its loop returns ErrSlowClient, and its connection is cut so
// that a write blocked on a client that reads nothing returns too.
func (m *member) kick() {
	m.drop(true)
}

// drop ends the member's loop, and cuts its connection if cut is set.
func (m *member) drop(cut bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.isKicked {
		return
	}
	m.isKicked = true
	close(m.kicked)
	if cut {
		m.abortLocked()
	}
}

// abort cuts the connection of a member whose loop may be blocked in a write.
func (m *member) abort() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.abortLocked()
}

func (m *member) abortLocked() {
	if m.exited || m.conn == nil {
		return
	}
	if m.stream != nil {
		m.stream.abort()
		return
	}
	_ = m.conn.Close()
}

// idleQueueCap is the largest queue buffer a member keeps between bursts, so that an
// idle client does not hold on to the memory of a past burst.
const idleQueueCap = 64

// take empties the queue and returns what it held, swapping buffers so that a busy
// member allocates nothing.
func (m *member) take() []*frame {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cap(m.spare) > idleQueueCap {
		m.spare = nil
	}
	q := m.queue
	m.queue, m.spare = m.spare[:0], q
	return q
}

// run writes queued events to the connection until ctx ends, the hub shuts down, the
// hub drops the member, or a write fails. A heartbeat comment goes out whenever the
// connection has been silent for the hub's heartbeat interval.
func (m *member) run(ctx context.Context) error {
	interval := m.hub.opts.heartbeat
	var beat <-chan time.Time
	if interval > 0 {
		timer := time.NewTimer(interval)
		defer timer.Stop()
		beat = timer.C
		// The timer is not reset on every write, which would cost more than the write
		// of a busy client: when it fires, it sends a comment only if the connection
		// has been silent for the whole interval, and otherwise waits out the rest.
		m.beat, m.lastWrite = timer, time.Now()
	}
	for {
		select {
		case <-m.wake:
			if err := m.flush(); err != nil {
				return m.failed(err)
			}
			if beat != nil {
				m.lastWrite = time.Now()
			}
		case <-beat:
			if idle := time.Since(m.lastWrite); idle < interval {
				m.beat.Reset(interval - idle)
				continue
			}
			if err := m.conn.SendComment(""); err != nil {
				return m.failed(err)
			}
			m.lastWrite = time.Now()
			m.beat.Reset(interval)
		case <-m.kicked:
			return m.failed(nil)
		case <-m.hub.done:
			if err := m.flush(); err != nil {
				return m.failed(err)
			}
			// Say why the stream ends, and when to come back: a restarting server's
			// clients return at spread-out times.
			_ = m.conn.SendComment("server shutting down")
			_ = m.conn.SetRetry(jitter(m.hub.opts.retry))
			return m.conn.Close()
		case <-ctx.Done():
			return nil
		}
	}
}

// failed returns what ends the loop after a failed write: ErrSlowClient if the hub
// dropped the member (cutting its connection is what failed the write), else err.
func (m *member) failed(err error) error {
	m.mu.Lock()
	kicked := m.isKicked
	m.mu.Unlock()
	if kicked {
		return fmt.Errorf("%w: more than %d events queued", ErrSlowClient, m.hub.opts.queueSize)
	}
	return err
}

// flush writes everything queued: to a Stream in one write, to another Connection one
// event at a time.
func (m *member) flush() error {
	q := m.take()
	defer clear(q)
	if m.skipThrough != "" {
		q = m.skipReplayed(q)
	}
	if len(q) == 0 {
		return nil
	}
	if err := m.write(q); err != nil {
		return err
	}
	m.hub.opts.metrics.EventsDelivered(len(q))
	return nil
}

func (m *member) write(q []*frame) error {
	if m.stream == nil {
		for _, f := range q {
			if err := m.conn.Publish(&f.event); err != nil {
				return err
			}
		}
		return nil
	}
	if len(q) == 1 {
		return m.stream.write(q[0].wire)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	for _, f := range q {
		buf.b = append(buf.b, f.wire...)
	}
	return m.stream.write(buf.b)
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
