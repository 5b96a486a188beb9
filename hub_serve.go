// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cloudwego/hertz/pkg/app"
)

// Serve streams the hub's events for topics to the client of c, and returns when the
// client has gone, ctx has ended, or the hub has shut down. Call it from the handler
// and return after it: it follows Hertz's rule that writes end with the handler. Events
// sent with [Hub.Broadcast] reach every client, whatever its topics.
//
// Serve keeps the handler for as long as its client stays, and only for that: code
// after Serve and the handler's middleware run when the client has gone, a ctx
// cancelled by server.WithSenseClientDisconnection ends it, and Hertz's Shutdown sees
// the request open. Meanwhile the handler's goroutine only waits, on a small stack: the
// hub's writers open the stream and write to it, so that an idle client costs that
// goroutine, Hertz's request and connection, and well under 1 KiB of the hub's.
//
// If the hub has a Replayer and the request carries a Last-Event-ID, the client first
// receives every event for its topics published after that ID, then live events, with
// no gap and no duplicate. When the Replayer cannot tell what came after the ID (see
// [ErrUnknownEventID] and [ErrEventIDExpired]; a restarted server with a new history,
// say) the hub's [GapPolicy] applies: by default the client is told so by a
// [HistoryLostEvent] and then receives live events. A client without Last-Event-ID
// first receives a block that only sets its last event ID to the newest event's, so
// that it resumes from where it joined even if it is cut off before its first event.
//
// Serve always answers the request itself, by the rule of the package documentation,
// so the idiom _ = hub.Serve(ctx, c, topics...) is safe whatever happens: a hub that is
// shutting down or closed, or a history that fails, answers with a stream that tells
// the client to come back after the hub's retry time ([WithHubRetry]) and ends; an
// [Authorizer]'s refusal keeps its status; [GapRefuse] answers 204 No Content.
//
// It returns nil when ctx ends or the hub shuts down, [ErrSlowClient] when the hub
// dropped the client, the write error when the client has gone, [ErrHubClosed] when
// called after Shutdown, the Authorizer's refusal, and the Replayer's error.
func (h *Hub) Serve(ctx context.Context, c *app.RequestContext, topics ...string) error {
	if h.isClosed() {
		answerComeBack(c, h.opts.retry, "server shutting down")
		return ErrHubClosed
	}
	topics, err := h.authorize(ctx, c, topics)
	if err != nil {
		return err
	}
	err = h.serve(ctx, c, topics)
	h.logServeError(ctx, c, err)
	return err
}

// logServeError logs the ends of Serve that the server's operator should hear of. It
// is a function of its own so that Serve's frame, on the stack of every waiting
// handler, stays small.
func (h *Hub) logServeError(ctx context.Context, c *app.RequestContext, err error) {
	switch {
	case errors.Is(err, ErrSlowClient):
		h.opts.log.warnf(ctx, "sse: hub: dropped %s: %v", remoteOf(c), err)
	case errors.Is(err, errHistory):
		h.opts.log.errorf(ctx, "sse: hub: %s told to come back: %v", remoteOf(c), err)
	}
}

// errHistory marks a failure of the hub's Replayer while it served a client.
var errHistory = errors.New("sse: hub: event history failed")

func (h *Hub) serve(ctx context.Context, c *app.RequestContext, topics []string) error {
	// The handler waits in m.run for as long as its client stays: what this function
	// keeps on the stack meanwhile counts for every idle client, so the replay has a
	// function of its own.
	m := h.newServedMember(c, topics)
	var err error
	if h.opts.replayer == nil {
		// The first writer to take m opens its stream.
		if err = h.register(m); err != nil {
			err = h.comeBack(c, m, "server shutting down", err)
		}
	} else {
		err = h.join(ctx, c, m)
	}
	if err != nil {
		return err
	}
	defer h.unregister(m)
	return m.run(ctx)
}

// comeBack ends the answer to c so that the client reconnects later, and returns err.
func (h *Hub) comeBack(c *app.RequestContext, m *member, why string, err error) error {
	if m.conn == nil {
		answerComeBack(c, h.opts.retry, why)
	} else {
		_ = endWithRetry(m.conn, h.opts.retry, why)
	}
	return err
}

// join registers m and sends its client what it missed, answering the request itself
// when it cannot. On error m is not registered.
func (h *Hub) join(ctx context.Context, c *app.RequestContext, m *member) error {
	lastID := GetLastEventID(c)
	head, err := h.opts.replayer.LastID(ctx)
	if err != nil {
		return h.comeBack(c, m, "event history unavailable", fmt.Errorf("%w: read its last id: %w", errHistory, err))
	}
	// Live events queue up in m while the replay runs, and m skips those the replay
	// also sent: registering first is what leaves no gap.
	if err := h.register(m); err != nil {
		return h.comeBack(c, m, "server shutting down", err)
	}
	w := &replayWriter{member: m}
	position, replayed, err := h.replay(ctx, lastID, head, m.topics, w)
	switch {
	case isGap(err) && m.conn == nil:
		answerStop(c) // GapRefuse
	case err != nil && ctx.Err() == nil && !errors.Is(err, errWrite):
		err = h.comeBack(c, m, "event history unavailable", fmt.Errorf("%w: replay after %q: %w", errHistory, lastID, err))
	case err == nil && position != lastID && !replayed:
		// The client's last event ID must follow where it stands even when no event
		// was sent: a block with only an id sets it and dispatches nothing. It opens
		// the stream, so that the header goes out with it; when the replay wrote
		// nothing and the position is the client's own, the first writer to take m
		// opens the stream.
		err = m.send(appendIDOnly(nil, position))
	}
	if err != nil {
		h.unregister(m)
		return err
	}
	return nil
}

// replay sends through w the events a client at lastID missed ("" for a new client,
// which starts at head), following the gap policy. It returns the client's position,
// the ID of the last event sent or else where the replay started, and whether it sent
// any event; it makes the member skip queued events up to that position. An error
// from writing to the client wraps errWrite.
func (h *Hub) replay(ctx context.Context, lastID, head string, topics []string, w *replayWriter) (position string, replayed bool, err error) {
	r := h.opts.replayer
	from := lastID
	if from == "" {
		from = head
	}
	sent := ""
	send := func(e *Event) error {
		sent = e.ID
		return w.add(e)
	}
	n, err := r.Replay(ctx, from, topics, send)
	if isGap(err) {
		h.opts.metrics.Replay(false, 0)
		switch h.opts.gapPolicy {
		case GapNotify:
			if err = send(historyLostEvent(lastID, head, err)); err == nil {
				from = head
				_, err = r.Replay(ctx, head, topics, send)
			}
		case GapReplayAll:
			from = ""
			_, err = r.Replay(ctx, "", topics, send)
		case GapLiveOnly:
			from = head
			_, err = r.Replay(ctx, head, topics, send)
		}
	} else if err == nil && lastID != "" {
		h.opts.metrics.Replay(true, n)
	}
	if err != nil {
		return "", false, err
	}
	if err := w.flush(); err != nil {
		return "", false, err
	}
	switch {
	case sent != "":
		position = sent
	case from == "":
		position = head
	default:
		position = from
	}
	// The client has every event up to its position: a Broadcaster whose Listen lags
	// may still deliver some of them, and they must not be sent twice.
	w.member.skipThrough = position
	return position, sent != "", nil
}

func isGap(err error) bool {
	return errors.Is(err, ErrUnknownEventID) || errors.Is(err, ErrEventIDExpired)
}

// replayWriter batches replayed events into large writes: a client that missed ten
// thousand events should not cost ten thousand system calls.
type replayWriter struct {
	member *member
	buf    []byte
}

const replayBatchSize = 32 << 10

// errWrite marks a failed write of replayed events: the client has gone.
var errWrite = errors.New("sse: hub: write to the client failed")

func (w *replayWriter) add(e *Event) error {
	var err error
	if w.buf, err = appendEvent(w.buf, e); err != nil {
		return err
	}
	if len(w.buf) >= replayBatchSize {
		return w.flush()
	}
	return nil
}

func (w *replayWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	err := w.member.send(w.buf)
	w.buf = w.buf[:0]
	if err != nil {
		return fmt.Errorf("%w: %w", errWrite, err)
	}
	return nil
}

// Register adds conn to the hub, subscribed to topics: the hub's writers write its
// events to it until [Hub.Unregister], Shutdown, a failed write, or the hub drops it as
// too slow. Prefer [Hub.Serve] for a Hertz handler: the handler that created a Stream
// must not return while the Stream is registered.
func (h *Hub) Register(conn Connection, topics ...string) error {
	m := h.newMember(conn, topics)
	if err := h.register(m); err != nil {
		return err
	}
	m.start()
	return nil
}

// Unregister removes conn from the hub and ends its writer; it does not close conn.
func (h *Hub) Unregister(conn Connection) error {
	h.mu.Lock()
	m, ok := h.byConn[conn]
	h.mu.Unlock()
	if !ok {
		return ErrNotRegistered
	}
	m.stop()
	return nil
}

// Subscribe adds topic to the topics of a registered conn.
func (h *Hub) Subscribe(conn Connection, topic string) error {
	return h.withMemberLocked(conn, func(m *member) {
		if !slices.Contains(m.topics, topic) {
			m.topics = append(m.topics, topic)
			h.joinTopicLocked(m, topic)
		}
	})
}

// Unsubscribe removes topic from the topics of a registered conn.
func (h *Hub) Unsubscribe(conn Connection, topic string) error {
	return h.withMemberLocked(conn, func(m *member) {
		if i := slices.Index(m.topics, topic); i >= 0 {
			m.topics = slices.Delete(m.topics, i, i+1)
			h.leaveTopicLocked(m, topic)
		}
	})
}

// withMemberLocked runs f on the member of a registered conn with the hub's lock held,
// or returns ErrNotRegistered.
func (h *Hub) withMemberLocked(conn Connection, f func(m *member)) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	m, ok := h.byConn[conn]
	if !ok {
		return ErrNotRegistered
	}
	f(m)
	return nil
}

func (h *Hub) register(m *member) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrHubClosed
	}
	if m.conn != nil {
		if _, dup := h.byConn[m.conn]; dup {
			return ErrAlreadyRegistered
		}
		h.byConn[m.conn] = m
	}
	h.all[m] = struct{}{}
	for _, t := range m.topics {
		h.joinTopicLocked(m, t)
	}
	h.members.Add(1)
	h.opts.metrics.ConnectionOpened()
	if h.durations != nil {
		m.joined = h.clock()
	}
	return nil
}

func (h *Hub) unregister(m *member) {
	h.mu.Lock()
	delete(h.all, m)
	if m.conn != nil && h.byConn[m.conn] == m {
		delete(h.byConn, m.conn)
	}
	for _, t := range m.topics {
		h.leaveTopicLocked(m, t)
	}
	h.mu.Unlock()

	m.mu.Lock()
	m.state |= finished // the connection may no longer be touched
	m.mu.Unlock()
	h.opts.metrics.ConnectionClosed()
	if h.durations != nil {
		h.durations.ConnectionEnded(h.clock() - m.joined)
	}
	h.members.Done()
}

func (h *Hub) joinTopicLocked(m *member, topic string) {
	if topic == "" {
		return // every client receives the events for ""
	}
	set := h.byTopic[topic]
	if set == nil {
		set = make(map[*member]struct{})
		h.byTopic[topic] = set
	}
	set[m] = struct{}{}
}

func (h *Hub) leaveTopicLocked(m *member, topic string) {
	if set := h.byTopic[topic]; set != nil {
		delete(set, m)
		if len(set) == 0 {
			delete(h.byTopic, topic)
		}
	}
}
