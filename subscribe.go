// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/protocol"

	"github.com/hertz-contrib/sse/internal/parser"
	"github.com/hertz-contrib/sse/internal/wait"
)

// defaultHertzClient is shared by every Client without one of its own, so that they
// share its settings and per-host state.
var defaultHertzClient = sync.OnceValues(func() (*client.Client, error) {
	return NewHertzClient(client.WithDialTimeout(10 * time.Second))
})

// Subscribe connects to the server and calls handler for every event it sends, until
// the stream ends. It is SubscribeWithContext with context.Background().
func (c *Client) Subscribe(handler func(msg *Event)) error {
	return c.SubscribeWithContext(context.Background(), handler)
}

// SubscribeWithContext connects to the server and calls handler, on the calling
// goroutine, for every event it sends. Events are safe to keep after handler returns.
// It follows redirects (see [WithMaxRedirects]); a reconnection starts again from the
// Client's URL, as a browser's EventSource does.
//
// Without reconnection (the default), it returns:
//   - nil when the server ends the stream cleanly or answers 204 No Content;
//   - ctx.Err() when ctx ends, at whatever point the subscription is: the connection
//     is woken and closed at once, before the response header as well as mid-event
//     (with a Hertz client not made by [NewHertzClient], see [WithHertzClient]);
//   - an error matching [ErrReadTimeout] when [WithReadTimeout] is set and nothing
//     arrived for that long;
//   - a [*ResponseError] for a status other than 2xx or a Content-Type other than
//     text/event-stream, or the error of the [ResponseCallback];
//   - an error matching [ErrTooManyRedirects] or [ErrBadRedirect] for redirects it
//     cannot follow;
//   - an error matching [ErrEventTooLarge] for a line or event over the max buffer
//     size, or a base64 decoding error with [WithEncodingBase64];
//   - the network error otherwise.
//
// With [WithReconnect], every end of the stream, a clean one and a read timeout
// included, is followed by a new connection that sends the last event ID as
// Last-Event-ID, and it returns only: nil on 204 No Content; ctx.Err() when ctx ends;
// a permanent error (a 4xx status other than 408 and 429, a wrong Content-Type, the
// ResponseCallback's error, a redirect it cannot follow, an oversized event, bad
// base64); or, once the policy's attempts or time run out, an error matching
// [ErrGaveUp] that wraps the last failure.
func (c *Client) SubscribeWithContext(ctx context.Context, handler func(msg *Event)) error {
	if handler == nil {
		return errors.New("sse: Subscribe needs a handler")
	}
	sub, err := c.newSubscription(handler)
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
	c       *Client
	handler func(*Event)

	url string
	// interruptible: the Hertz client ties each request to its connection (see
	// NewHertzClient). Otherwise closeIsSafe says whether its transport may close a
	// connection under a reader, so that an interruption can close the response.
	interruptible, closeIsSafe bool
	at                         hop           // the request of the current connection
	retry                      time.Duration // the server's reconnection time, if hasRetry
	hasRetry                   bool
}

func (c *Client) newSubscription(handler func(*Event)) (*subscription, error) {
	s := &subscription{clientConfig: c.config(), c: c, handler: handler, url: c.URL}
	s.method = c.Method
	if s.url == "" {
		return nil, errors.New("sse: client has no URL")
	}
	if s.method == "" {
		s.method = "GET"
	}
	if s.hertzClient == nil {
		hc, err := defaultHertzClient()
		if err != nil {
			return nil, fmt.Errorf("sse: create Hertz client: %w", err)
		}
		s.hertzClient = hc
	}
	s.interruptible = isStreamClient(s.hertzClient)
	if !s.interruptible {
		name, _ := s.hertzClient.GetDialerName()
		s.closeIsSafe = name == "standard"
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
//
// Whatever ends the connection, only this goroutine closes it: ctx ending or the
// read timeout interrupt the attempt, which wakes the read in progress.
func (s *subscription) connect(ctx context.Context) (opened bool, err error) {
	a := &attempt{}
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(interrupted)
		a.interrupt(ctx.Err())
	})
	defer func() {
		if !stop() {
			<-interrupted
		}
	}()
	watch := watchIdle(a, s.readTimeout)
	defer watch.stop()

	req, resp, err := s.open(withAttempt(ctx, a), a)
	if err != nil {
		return false, because(a, err)
	}
	clean := false
	defer func() {
		a.release()
		if !clean {
			forceCloseBody(resp)
		}
		_ = resp.CloseBodyStream()
		protocol.ReleaseRequest(req)
		protocol.ReleaseResponse(resp)
	}()

	if err := s.checkResponse(ctx, req, resp); err != nil {
		return false, because(a, err)
	}
	if s.onConnect != nil {
		s.onConnect(ctx, s.c)
	}
	if s.onDisconnect != nil {
		defer s.onDisconnect(ctx, s.c)
	}
	body, release := decodedBody(resp, watch.body(resp.BodyStream()))
	defer release()
	err = because(a, s.read(ctx, body))
	clean = errors.Is(err, io.EOF)
	return true, err
}

// because returns why a was interrupted, if it was, instead of err, the failure the
// interruption caused.
func because(a *attempt, err error) error {
	if cause := a.interrupted(); cause != nil {
		return cause
	}
	return err
}

// open sends the subscription's request, following redirects, and returns the
// response that is not one. The caller releases req and resp.
func (s *subscription) open(ctx context.Context, a *attempt) (*protocol.Request, *protocol.Response, error) {
	s.at = hop{url: s.url, method: s.method, body: s.body}
	maxRedirects := s.maxRedirects
	if maxRedirects == 0 {
		maxRedirects = DefaultMaxRedirects
	}
	for redirects := 0; ; redirects++ {
		req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
		s.buildRequest(ctx, req)
		if err := s.hertzClient.Do(ctx, req, resp); err != nil {
			protocol.ReleaseRequest(req)
			protocol.ReleaseResponse(resp)
			if deadline, ok := ctx.Deadline(); ok && !time.Now().Before(deadline) {
				return nil, nil, context.DeadlineExceeded // the timeout was ctx's
			}
			return nil, nil, fmt.Errorf("sse: %s %s: %w", s.at.method, s.at.url, err)
		}
		status := resp.StatusCode()
		if maxRedirects < 0 || !isRedirect(status) {
			if !s.interruptible && s.closeIsSafe {
				if _, err := a.bind(func() { forceCloseBody(resp) }); err != nil {
					closeResponse(req, resp)
					return nil, nil, err
				}
			}
			return req, resp, nil
		}
		location := string(resp.Header.Peek("Location"))
		closeResponse(req, resp)
		if redirects == maxRedirects {
			return nil, nil, permanentError{fmt.Errorf("%w: more than %d, the last to %q", ErrTooManyRedirects, maxRedirects, location)}
		}
		next, err := s.at.redirect(s.url, status, location)
		if err != nil {
			return nil, nil, permanentError{err}
		}
		s.at = next
	}
}

// closeResponse closes a response this goroutine read, and releases it with its
// request.
func closeResponse(req *protocol.Request, resp *protocol.Response) {
	forceCloseBody(resp)
	_ = resp.CloseBodyStream()
	protocol.ReleaseRequest(req)
	protocol.ReleaseResponse(resp)
}

func (s *subscription) buildRequest(ctx context.Context, req *protocol.Request) {
	h := s.at
	req.SetRequestURI(h.url)
	req.Header.SetMethod(h.method)
	for k, v := range s.headers {
		if h.foreign && isCredential(k) {
			continue
		}
		req.Header.Set(k, v)
	}
	AddAcceptMIME(req)
	if s.compression {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	req.Header.Set("Cache-Control", "no-cache")
	if id := s.c.lastID(); id != "" {
		SetLastEventID(req, id)
	}
	if len(h.body) > 0 {
		req.SetBody(h.body)
	}
	if deadline, ok := ctx.Deadline(); ok {
		// A Hertz client not made by NewHertzClient cannot be interrupted before the
		// response header; a deadline at least bounds that wait.
		req.SetOptions(config.WithRequestTimeout(max(time.Until(deadline), time.Millisecond)))
	}
}

// read parses the body and hands each event to the handler. It returns io.EOF when the
// stream ends cleanly. Once ctx ends no further event or comment reaches the handler,
// even one already read.
func (s *subscription) read(ctx context.Context, body io.Reader) error {
	p := parser.New(body, s.maxBufferSize)
	// The last event ID carries over from the connections before: a connection cut
	// before it sets one must leave it as it was.
	lastID := s.c.lastID()
	p.SetLastEventID(lastID)
	slab := eventSlab{lastID: lastID}
	// Blocks that only move the last event ID must count at once: a client cut off
	// before its next event resumes from there.
	p.ReportControlBlocks()
	if s.onComment != nil {
		p.OnComment(func(text []byte) {
			if ctx.Err() == nil {
				s.onComment(string(text))
			}
		})
	}
	defer func() {
		if d, ok := p.Retry(); ok {
			s.retry, s.hasRetry = d, true
		}
	}()
	var f parser.Fields // outside the loop: handing &f on makes it escape
	for {
		var err error
		f, err = p.Next()
		if err != nil {
			// Every complete event has been handed over: the last event ID may now move
			// past them, to an id sent in a block that dispatched nothing.
			s.c.setLastIDBytes(p.LastEventID())
			if err == io.EOF {
				return io.EOF
			}
			return fmt.Errorf("sse: read %s: %w", s.at.url, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if f.Control {
			slab.block(&f)
			s.c.setLastIDBytes(p.LastEventID())
			if err := s.forward(&f, nil); err != nil {
				return err
			}
			continue
		}
		ev, err := slab.event(&f, s.encodingBase64)
		if err != nil {
			return fmt.Errorf("sse: event from %s: %w", s.at.url, err)
		}
		if s.stopWhen != nil && s.stopWhen(ev) {
			return errStopped
		}
		s.c.setLastID(ev.ID)
		if err := s.forward(&f, ev); err != nil {
			return err
		}
		s.handler(ev)
	}
}

// forward hands the block of f, whose event is ev, to the WithOnBlock function.
func (s *subscription) forward(f *parser.Fields, ev *Event) error {
	if s.onBlock == nil {
		return nil
	}
	b := blockOf(f, ev)
	return s.onBlock(&b)
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
		s.log.infof(ctx, "sse: %s %s: %v; reconnecting in %v", s.method, s.url, describeEnd(cause), delay)
		s.metrics.Reconnect()
		if !wait.Sleep(ctx, delay) {
			return ctx.Err()
		}
	}
}

// baseDelay is the wait before the first attempt: what the server asked for with
// Retry-After on a 429 or 503, or with its last retry field (zero included), or the
// policy's default.
func (s *subscription) baseDelay(err error) time.Duration {
	var re *ResponseError
	if errors.As(err, &re) && re.RetryAfter > 0 {
		return re.RetryAfter
	}
	if s.hasRetry {
		return s.retry
	}
	return s.reconnect.delay()
}
