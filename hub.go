// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hertz-contrib/sse/internal/wait"
)

// Hub fans events out to many clients, by topic, without ever waiting on a slow one:
// each client has a bounded queue, and a client whose queue is full is handled by the
// hub's [SlowPolicy]. An event is encoded once for all its clients, and a client with
// several events queued receives them in one write. A small pool of writer goroutines
// (as many as CPUs while there is work, none when there is none) writes to every
// client; a writer held up by a client that reads nothing is replaced after 5 ms, so
// that such a client never delays the others.
//
// With a [Replayer] ([WithReplayer]), every event gets an ordered ID and a client
// reconnecting with Last-Event-ID first receives exactly the events it missed, then
// live ones, with no gap and no duplicate. With a [Broadcaster] ([WithBroadcaster]),
// events travel through it so that the Hubs of many instances deliver the same events
// in the same order.
//
// A Hub is safe for concurrent use. Its usual use is one call in a handler:
//
//	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
//		_ = hub.Serve(ctx, c, "news")
//	})
type Hub struct {
	opts hubOptions

	durations DurationMetrics // opts.metrics, if it records how long clients stay

	mu      sync.Mutex
	all     map[*member]struct{}
	byTopic map[string]map[*member]struct{}
	byConn  map[Connection]*member
	closed  bool
	// Scratch of fanOutBatchLocked, under mu: the topics of the batch, and the mark
	// that tells a member already served by this batch.
	batchTopics []string
	batchMark   uint64

	// With a Replayer, the order of stores and fan-outs: commits queues broadcasts
	// for a BatchStorer while it stores a batch (see hub_commit.go); storing is held
	// by each broadcast to another Replayer from its Store to its fan-out.
	commits commitQueue
	storing sync.Mutex

	done       chan struct{} // closed by Shutdown
	members    sync.WaitGroup
	cutting    sync.WaitGroup // Closes of connections that are not Aborters, cut by the hub
	writers    writers        // write to the clients
	beats      heartbeats     // send the clients' heartbeats
	stopListen context.CancelFunc
	listening  chan struct{} // closed when the Broadcaster's Listen loop has returned
}

// NewHub returns a Hub. Without options it keeps no history (no replay), queues up to
// 256 events per client and disconnects a client whose queue is full.
//
// With a [Broadcaster], the Broadcaster's own history is the hub's: the Broadcaster
// assigns the IDs that every instance delivers, and only it can replay them. NewHub
// panics if [WithReplayer] names another history beside a Broadcaster (a
// configuration no request could fix); a Broadcaster that is not a Replayer means no
// replay.
func NewHub(opts ...HubOption) *Hub {
	h := &Hub{
		opts:      newHubOptions(opts),
		all:       make(map[*member]struct{}),
		byTopic:   make(map[string]map[*member]struct{}),
		byConn:    make(map[Connection]*member),
		done:      make(chan struct{}),
		listening: make(chan struct{}),
	}
	h.durations, _ = h.opts.metrics.(DurationMetrics)
	h.writers.init(h.opts.clock.Now())
	h.beats.hub = h
	if b := h.opts.broadcaster; b != nil {
		ctx, cancel := context.WithCancel(context.Background())
		h.stopListen = cancel
		go h.listen(ctx, b)
	} else {
		h.commits.hub = h
		close(h.listening)
	}
	return h
}

// Broadcast sends e to every client of the hub, whatever its topics. It is
// BroadcastTo with the topic "".
func (h *Hub) Broadcast(ctx context.Context, e *Event) error {
	return h.BroadcastTo(ctx, "", e)
}

// BroadcastTo sends e to every client subscribed to topic; the topic "" means every
// client. It never waits for a client: it only queues the event.
//
// With a Replayer the event is stored first and gets the Replayer's ID (e.ID is not
// changed; the ID is in what clients receive and in the hooks). The hub's lock is not
// held meanwhile, so Serve and the other methods never wait for a store, and events
// are fanned out in the order of their IDs. Broadcasts are stored one at a time,
// unless the Replayer is a [BatchStorer]: then those that arrive while it stores one
// batch queue up and form the next batch, stored in one call. A lone broadcast is
// stored at once; one that arrives while a batch is being stored waits for it, then
// for its own. If ctx ends while the event is queued, BroadcastTo returns ctx.Err()
// and the event is neither stored nor sent; once its batch is being stored, it waits
// for the outcome.
//
// With a Broadcaster the event is published through it and delivered when it comes
// back, on every instance.
//
// It returns an error if e cannot be encoded (see [Stream.Publish]), if the Replayer or
// Broadcaster fails (then no client receives the event), or [ErrHubClosed].
func (h *Hub) BroadcastTo(ctx context.Context, topic string, e *Event) error {
	_, err := h.Publish(ctx, topic, e)
	return err
}

// Publish is [Hub.BroadcastTo] that also returns the ID the event was given: the
// Replayer's or the Broadcaster's, or e.ID when the hub has neither. A publisher that
// answers with it (a POST that created the event, a log line) learns it here; e is not
// changed.
func (h *Hub) Publish(ctx context.Context, topic string, e *Event) (id string, err error) {
	if e == nil {
		return "", errors.New("sse: broadcast of a nil event")
	}
	if err := e.Validate(); err != nil {
		return "", err
	}
	ev := *e
	if b := h.opts.broadcaster; b != nil {
		if h.isClosed() {
			return "", ErrHubClosed
		}
		if err := b.Publish(ctx, topic, &ev); err != nil {
			return "", fmt.Errorf("sse: publish to topic %q: %w", topic, err)
		}
		return ev.ID, nil
	}
	switch r := h.opts.replayer; r.(type) {
	case nil:
	case BatchStorer:
		err = h.commits.broadcast(ctx, topic, &ev)
	default:
		err = h.storeAndFanOut(ctx, r, topic, &ev)
	}
	if h.opts.replayer != nil {
		if err != nil {
			return "", err
		}
		return ev.ID, nil
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return "", ErrHubClosed
	}
	slow := h.fanOutLocked(topic, &ev)
	h.mu.Unlock()
	h.afterFanOut(topic, &ev, slow)
	return ev.ID, nil
}

// storeAndFanOut stores ev with r, then fans it out, one broadcast at a time: the
// hub's lock is free while r stores, and the clients' queues stay in ID order.
func (h *Hub) storeAndFanOut(ctx context.Context, r Replayer, topic string, ev *Event) error {
	h.storing.Lock()
	if h.isClosed() {
		h.storing.Unlock()
		return ErrHubClosed
	}
	if err := r.Store(ctx, topic, ev); err != nil {
		h.storing.Unlock()
		return fmt.Errorf("sse: store event for topic %q: %w", topic, err)
	}
	h.mu.Lock()
	slow := h.fanOutLocked(topic, ev)
	h.mu.Unlock()
	h.storing.Unlock()
	h.afterFanOut(topic, ev, slow)
	return nil
}

// Backoff of the hub's listen loop when a Broadcaster's Listen returns early.
const (
	listenBackoff    = 100 * time.Millisecond
	maxListenBackoff = 5 * time.Second
)

// listen runs the Broadcaster's Listen loop until Shutdown, delivering what it hands
// back to the local clients, in batches if the Broadcaster can.
func (h *Hub) listen(ctx context.Context, b Broadcaster) {
	defer close(h.listening)
	batches, _ := b.(BatchListener)
	for failures := 0; ; failures++ {
		var err error
		if batches != nil {
			err = batches.ListenBatch(ctx, h.deliverBatch)
		} else {
			err = b.Listen(ctx, h.deliver)
		}
		if ctx.Err() != nil {
			return
		}
		// A Broadcaster's Listen is meant to survive outages on its own: this is the
		// last resort, backing off as its own loop would.
		pause := wait.Exponential(listenBackoff, maxListenBackoff, failures)
		h.opts.log.errorf(ctx, "sse: hub: broadcaster stopped listening: %v; listening again in %v", err, pause)
		if !wait.Sleep(ctx, pause) {
			return
		}
	}
}

// deliver fans out an event that the Broadcaster has stored and handed back.
func (h *Hub) deliver(topic string, ev *Event) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	slow := h.fanOutLocked(topic, ev)
	h.mu.Unlock()
	h.afterFanOut(topic, ev, slow)
}

// deliverBatch fans out, in one pass, events that the Broadcaster has stored and
// handed back; they are new, so their frames share their data.
func (h *Hub) deliverBatch(batch []TopicEvent) {
	if len(batch) == 0 {
		return
	}
	frames := newFrames(batch, true)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	slow := h.fanOutBatchLocked(frames)
	h.mu.Unlock()
	for _, m := range slow {
		m.kick()
	}
	for i := range frames {
		h.afterFanOut(frames[i].topic, batch[i].Event, nil)
	}
}

// manyTopics is how many topics a batch has before fanOutBatchLocked tells them
// apart with a map rather than a search of the topics so far.
const manyTopics = 32

// fanOutBatchLocked queues frames, in order, for the clients of their topics, and
// returns the clients found too slow under the SlowDisconnect policy. Each client is
// visited once for the whole batch: its queue is locked once and its writer woken at
// most once, however many of the frames it receives. It never blocks.
func (h *Hub) fanOutBatchLocked(frames []frame) (slow []*member) {
	// The clients to visit: every one if an event is for everyone, else those of
	// the batch's topics, each once.
	topics, everyone := h.batchTopics[:0], false
	var seen map[string]bool // once the batch has many topics
	for i := range frames {
		t := frames[i].topic
		switch {
		case t == "":
			everyone = true
		case len(topics) > 0 && topics[len(topics)-1] == t:
		case seen != nil:
			if !seen[t] {
				seen[t] = true
				topics = append(topics, t)
			}
		case !slices.Contains(topics, t):
			topics = append(topics, t)
			if len(topics) == manyTopics {
				seen = make(map[string]bool, 2*manyTopics)
				for _, t := range topics {
					seen[t] = true
				}
			}
		}
		if everyone {
			break
		}
	}
	h.batchTopics = topics[:0]
	visit := func(m *member) {
		dropped := m.enqueueBatch(frames)
		if dropped == 0 {
			return
		}
		for range dropped {
			h.opts.metrics.QueueFull(h.opts.slowPolicy)
		}
		if h.opts.slowPolicy == SlowDisconnect {
			slow = append(slow, m)
		}
	}
	defer h.writers.pushStaged()
	if everyone {
		for m := range h.all {
			visit(m)
		}
		return slow
	}
	h.batchMark++
	for _, t := range topics {
		for m := range h.byTopic[t] {
			if m.batchMark != h.batchMark {
				m.batchMark = h.batchMark
				visit(m)
			}
		}
	}
	return slow
}

// fanOutLocked queues ev for every client of topic and returns the clients found too
// slow under the SlowDisconnect policy. It never blocks.
func (h *Hub) fanOutLocked(topic string, ev *Event) (slow []*member) {
	targets := h.all
	if topic != "" {
		targets = h.byTopic[topic]
	}
	if len(targets) == 0 {
		return nil
	}
	f := newFrame(ev)
	for m := range targets {
		if m.enqueue(f) {
			continue
		}
		h.opts.metrics.QueueFull(h.opts.slowPolicy)
		if h.opts.slowPolicy == SlowDisconnect {
			slow = append(slow, m)
		}
	}
	h.writers.pushStaged()
	return slow
}

func (h *Hub) afterFanOut(topic string, ev *Event, slow []*member) {
	for _, m := range slow {
		m.kick()
	}
	h.opts.metrics.EventPublished(topic)
	if topic == "" {
		if h.opts.onBroadcast != nil {
			h.opts.onBroadcast(ev)
		}
	} else if h.opts.onBroadcastTo != nil {
		h.opts.onBroadcastTo(topic, ev)
	}
}

// ConnectionCount returns the number of clients of the hub.
func (h *Hub) ConnectionCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.all)
}

// TopicCount returns the number of clients subscribed to topic.
func (h *Hub) TopicCount(topic string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.byTopic[topic])
}

func (h *Hub) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// Shutdown closes the hub gracefully: every client receives what is already queued
// for it, then its stream ends cleanly, so that a client can reconnect (to another
// instance, say) and resume. Shutdown waits for every [Hub.Serve] to return and for
// every goroutine of the hub to end, or for ctx to end, in which case it returns
// ctx.Err(). Later calls to the hub's methods return [ErrHubClosed].
//
// To close a hub with a Hertz server, register it as a shutdown hook:
//
//	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.done)
		if h.stopListen != nil {
			h.stopListen()
		}
		for m := range h.all {
			m.shutdown()
		}
	}
	h.mu.Unlock()

	ended := make(chan struct{})
	go func() {
		h.members.Wait()
		<-h.listening
		h.writers.wait()
		h.cutting.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return nil
	case <-ctx.Done():
		// Out of time: cut the clients still being written to, so that their handlers
		// and the goroutine above end too.
		h.mu.Lock()
		for m := range h.all {
			m.abort()
		}
		h.mu.Unlock()
		return ctx.Err()
	}
}
