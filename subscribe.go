// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/protocol"

	"github.com/hertz-contrib/sse/internal/parser"
)

// defaultHertzClient is shared by every Client without one of its own, so that they
// share its connection pool. It streams response bodies, whatever their type.
var defaultHertzClient = sync.OnceValues(func() (*client.Client, error) {
	return client.NewClient(client.WithResponseBodyStream(true), client.WithDialTimeout(10*time.Second))
})

// Subscribe connects to the server and calls handler for every event it sends, until
// the stream ends. It is SubscribeWithContext with context.Background().
func (c *Client) Subscribe(handler func(msg *Event)) error {
	return c.SubscribeWithContext(context.Background(), handler)
}

// SubscribeWithContext connects to the server and calls handler, on the calling
// goroutine, for every event it sends. Events are safe to keep after handler returns.
//
// Without reconnection (the default), it returns:
//   - nil when the server ends the stream cleanly or answers 204 No Content;
//   - ctx.Err() when ctx ends; the connection is closed at once, mid-read if need be
//     (Hertz's client cannot abandon a request whose response header has not come
//     yet: a ctx deadline bounds that wait, but a plain cancellation takes effect only
//     when the header arrives or the Hertz client's own timeouts fire);
//   - a [*ResponseError] for a status other than 2xx or a Content-Type other than
//     text/event-stream, or the error of the [ResponseCallback];
//   - an error matching [ErrEventTooLarge] for a line or event over the max buffer
//     size, or a base64 decoding error with [WithEncodingBase64];
//   - the network error otherwise.
//
// With [WithReconnect], every end of the stream, a clean one included, is followed by
// a new connection that sends the last event ID as Last-Event-ID, and it returns only:
// nil on 204 No Content; ctx.Err() when ctx ends; a permanent error (a 4xx status other
// than 408 and 429, a wrong Content-Type, the ResponseCallback's error, an oversized
// event, bad base64); or, once the policy's attempts or time run out, an error matching
// [ErrGaveUp] that wraps the last failure.
func (c *Client) SubscribeWithContext(ctx context.Context, handler func(msg *Event)) error {
	if handler == nil {
		return errors.New("sse: Subscribe needs a handler")
	}
	sub, err := c.newSubscription(func(e *Event) error {
		handler(e)
		return nil
	})
	if err != nil {
		return err
	}
	if sub.reconnect == nil {
		_, err := sub.connect(ctx)
		return sub.result(ctx, err)
	}
	return sub.run(ctx)
}

// subscription is one call of Subscribe: a snapshot of the Client's settings and the
// state that carries over from one connection to the next.
type subscription struct {
	clientConfig
	c *Client
	// handle receives each event; an error ends the subscription with that error.
	handle func(*Event) error
	// onOpen, if set, runs once the response is accepted, before any event; an error
	// ends the subscription. onControl, if set, receives the blocks that dispatch no
	// event but set the last event ID or the retry time. Both serve Proxy.
	onOpen    func() error
	onControl func(parser.Fields) error

	url, method string
	retry       time.Duration // the server's reconnection time, 0 until it sets one
}

func (c *Client) newSubscription(handle func(*Event) error) (*subscription, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &subscription{clientConfig: c.cfg, c: c, handle: handle, url: c.URL, method: c.Method}
	s.headers = maps.Clone(s.headers)
	if s.url == "" {
		return nil, errors.New("sse: client has no URL")
	}
	if s.method == "" {
		s.method = "GET"
	}
	if s.metrics == nil {
		s.metrics = NopMetrics{}
	}
	if s.hertzClient == nil {
		hc, err := defaultHertzClient()
		if err != nil {
			return nil, fmt.Errorf("sse: create Hertz client: %w", err)
		}
		s.hertzClient = hc
	}
	return s, nil
}

// errNoContent ends a subscription cleanly: the server answered 204 No Content, which
// the standard defines as "stop reconnecting".
var errNoContent = errors.New("sse: server answered 204 No Content")

// errStopped ends a subscription cleanly: the WithStopWhen test matched an event.
var errStopped = errors.New("sse: stop event received")

// result turns the outcome of the last connection into what Subscribe returns.
func (s *subscription) result(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, errNoContent), errors.Is(err, errStopped), errors.Is(err, io.EOF):
		return nil
	}
	return err
}

// connect makes one connection and reads it to its end. opened reports whether the
// server accepted it as an event stream. A clean end of stream returns io.EOF.
func (s *subscription) connect(ctx context.Context) (opened bool, err error) {
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	defer protocol.ReleaseRequest(req)
	defer protocol.ReleaseResponse(resp)
	s.buildRequest(req)
	if deadline, ok := ctx.Deadline(); ok {
		// Hertz's client does not watch ctx once a request is sent; a deadline at least
		// bounds the wait for the response header.
		req.SetOptions(config.WithRequestTimeout(max(time.Until(deadline), time.Millisecond)))
	}

	if err := s.hertzClient.Do(ctx, req, resp); err != nil {
		if deadline, ok := ctx.Deadline(); ok && !time.Now().Before(deadline) {
			return false, context.DeadlineExceeded // the timeout was ctx's
		}
		return false, fmt.Errorf("sse: %s %s: %w", s.method, s.url, err)
	}
	// Only closing the connection unblocks a read, and closing the body gracefully
	// would first drain it, which never ends on an endless stream.
	stopped := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(stopped)
		forceCloseBody(resp)
	})
	clean := false
	defer func() {
		if !stop() {
			<-stopped
		}
		if !clean {
			forceCloseBody(resp)
		}
		_ = resp.CloseBodyStream()
	}()

	if err := s.checkResponse(ctx, req, resp); err != nil {
		return false, err
	}
	if s.onOpen != nil {
		if err := s.onOpen(); err != nil {
			return false, err
		}
	}
	if s.onConnect != nil {
		s.onConnect(ctx, s.c)
	}
	if s.onDisconnect != nil {
		defer s.onDisconnect(ctx, s.c)
	}
	err = s.read(ctx, resp.BodyStream())
	clean = errors.Is(err, io.EOF)
	return true, err
}

func (s *subscription) buildRequest(req *protocol.Request) {
	req.SetRequestURI(s.url)
	req.Header.SetMethod(s.method)
	for k, v := range s.headers {
		req.Header.Set(k, v)
	}
	AddAcceptMIME(req)
	req.Header.Set("Cache-Control", "no-cache")
	if id := s.c.lastID(); id != "" {
		SetLastEventID(req, id)
	}
	if len(s.body) > 0 {
		req.SetBody(s.body)
	}
}

// read parses the body and hands each event to the handler. It returns io.EOF when the
// stream ends cleanly. Once ctx ends no further event reaches the handler, even one
// already read.
func (s *subscription) read(ctx context.Context, body io.Reader) error {
	p := parser.New(body, s.maxBufferSize)
	// Blocks that only move the last event ID must count at once: a client cut off
	// before its next event resumes from there.
	p.ReportControlBlocks()
	defer func() {
		if d, ok := p.Retry(); ok {
			s.retry = d
		}
	}()
	var slab eventSlab
	for {
		f, err := p.Next()
		if err != nil {
			// Every complete event has been handed over: the last event ID may now move
			// past them, to an id sent in a block that dispatched nothing.
			s.c.setLastID(p.LastEventID(), nil)
			if err == io.EOF {
				return io.EOF
			}
			return fmt.Errorf("sse: read %s: %w", s.url, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if f.Control {
			s.c.setLastID(p.LastEventID(), nil)
			if s.onControl != nil {
				if err := s.onControl(f); err != nil {
					return err
				}
			}
			continue
		}
		if f.HasID && len(f.ID) == 0 && s.onControl != nil {
			// An Event cannot tell "no id" from "id reset to empty": a proxy forwards
			// the reset as a block of its own, which means the same to the receiver.
			if err := s.onControl(parser.Fields{HasID: true, Control: true}); err != nil {
				return err
			}
		}
		ev, err := slab.event(&f, s.encodingBase64)
		if err != nil {
			return fmt.Errorf("sse: event from %s: %w", s.url, err)
		}
		if s.stopWhen != nil && s.stopWhen(ev) {
			return errStopped
		}
		s.c.setLastID(p.LastEventID(), ev)
		if err := s.handle(ev); err != nil {
			return err
		}
	}
}

func (c *Client) lastID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastEventID
}

// setLastID records id as the last event ID. It reuses ev's ID string when it holds
// the same bytes, so that an event with an ID costs no second allocation.
func (c *Client) setLastID(id []byte, ev *Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case string(id) == c.lastEventID:
	case ev != nil && string(id) == ev.ID:
		c.lastEventID = ev.ID
	default:
		c.lastEventID = string(id)
	}
}

// forceCloseBody closes the connection under a streamed response without draining it.
func forceCloseBody(resp *protocol.Response) {
	if fc, ok := resp.BodyStream().(interface{ ForceClose() error }); ok {
		_ = fc.ForceClose()
	}
}

// run is Subscribe with reconnection: it connects until the stream ends for good.
func (s *subscription) run(ctx context.Context) error {
	var b backoff
	for {
		opened, cause := s.connect(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(cause, errNoContent) || errors.Is(cause, errStopped) {
			return nil
		}
		if !retryable(cause) {
			return cause
		}
		if opened {
			b.reset()
		}
		delay, err := b.next(s.reconnect, s.baseDelay(cause), cause)
		if err != nil {
			return err
		}
		hlog.CtxInfof(ctx, "sse: %s %s: %v; reconnecting in %v", s.method, s.url, describeEnd(cause), delay)
		s.metrics.Reconnect()
		if !sleep(ctx, delay) {
			return ctx.Err()
		}
	}
}

// baseDelay is the wait before the first attempt: what the server asked for with
// Retry-After on a 429 or 503, or with its last retry field, or the policy's default.
func (s *subscription) baseDelay(err error) time.Duration {
	var re *ResponseError
	if errors.As(err, &re) && re.RetryAfter > 0 {
		return re.RetryAfter
	}
	if s.retry > 0 {
		return s.retry
	}
	return s.reconnect.delay()
}

// sleep waits d or until ctx ends, and reports whether the wait ran its course.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
