// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
)

// Proxy makes the handler of c one hop of a chain of SSE servers: it subscribes to the
// event stream at upstreamURL and republishes every event to the client of c with the
// same id, event, retry and data, including the blocks that only set the last event
// ID or the retry time. It returns when either side ends.
//
// The upstream request carries ctx, the request's Last-Event-ID, and the headers named
// by [WithForwardHeaders]. By default a hop does not reconnect on its own: when the
// upstream stream ends, so does the downstream one, and the downstream client's
// reconnection, with its Last-Event-ID, re-creates the chain. With [WithReconnect]
// among the [WithUpstreamClient] options the hop reconnects upstream itself and keeps
// its client's stream open across upstream restarts.
//
// Proxy is built on the exported API alone ([WithOnBlock], [WithOnConnect],
// [WithOnWriteError], [Stream.SetLastEventID]), so a hop of another shape can be
// written the same way.
//
// Errors reach the client by the rule of the package documentation, so that a browser
// behind the hop survives a restart of anything upstream. Before the stream starts: an
// upstream 4xx is passed on with the same status and body; 204 No Content as 204,
// which stops the client; anything else (upstream unreachable or timed out, a 5xx, a
// response that is not an event stream) is answered with a stream that tells the
// client to reconnect after the hop's retry time ([WithProxyRetry]) and ends. After the
// stream has started, a failure ends the downstream stream, which the client sees as
// an end of stream and reconnects. Proxy returns the error in every case.
//
// Tearing down the chain: with server.WithSenseClientDisconnection(true) on every
// hop's server, a client that leaves cancels ctx, which closes the upstream connection
// at once, and so on up to the origin. Without it, a hop learns that its client has
// gone only when a write to it fails: at the next event or heartbeat (by default
// every 15 seconds, see [WithProxyHeartbeat]), so an idle chain can take that long per
// hop to come down.
func Proxy(ctx context.Context, c *app.RequestContext, upstreamURL string, opts ...ProxyOption) error {
	o := newProxyOptions(opts)
	// A failed downstream write, a heartbeat's included, must end the upstream
	// subscription too.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var down *Stream
	var downErr error
	fail := func(err error) error {
		downErr = err
		cancel()
		return err
	}
	open := func(context.Context, *Client) {
		if down == nil { // with WithReconnect upstream, the hop keeps one stream
			down = NewStream(c, WithHeartbeat(cmp.Or(o.heartbeat, -1)), WithOnWriteError(func(error) { cancel() }), compressIf(o.compression))
		}
	}
	forward := func(b *Block) error {
		if err := republish(down, b, o.transform); err != nil {
			return fail(err)
		}
		return nil
	}

	headers := NewClient(upstreamURL, o.client...).GetHeaders()
	if headers == nil {
		headers = make(map[string]string, len(o.forward))
	}
	for _, name := range o.forward {
		if v := c.Request.Header.Peek(name); len(v) > 0 {
			headers[name] = string(v)
		}
	}
	clientOpts := append(o.client[:len(o.client):len(o.client)],
		WithHeaders(headers), WithOnConnect(open), WithOnBlock(forward))
	if id := GetLastEventID(c); id != "" {
		clientOpts = append(clientOpts, WithLastEventID(id))
	}
	err := NewClient(upstreamURL, clientOpts...).SubscribeWithContext(ctx, func(*Event) {})
	switch {
	case downErr != nil:
		return downErr
	case down == nil && err == nil: // 204 No Content: nothing else ends without a stream
		answerStop(c)
		return nil
	case down == nil:
		refuse(c, err, o.retry)
		return err
	case err == nil:
		return down.Close()
	}
	_ = down.Close()
	return err
}

// republish writes b to down as the upstream block was: its event with the block's
// own id, and the blocks that only set the last event ID or the reconnection time.
// An id reset or a zero retry, which an Event cannot carry, go ahead as blocks of
// their own, which mean the same to the receiver.
func republish(down *Stream, b *Block, transform func(*Event) *Event) error {
	if b.HasID && (b.Event == nil || b.ID == "") {
		if err := down.SetLastEventID(b.ID); err != nil {
			return err
		}
	}
	if b.HasRetry && (b.Event == nil || b.Retry == 0) {
		if err := down.SetRetry(b.Retry); err != nil {
			return err
		}
	}
	if b.Event == nil {
		return nil
	}
	e := b.Event
	if e.ID != b.ID { // the id persisted from an earlier block: not this block's to send
		copied := *e
		copied.ID = b.ID
		e = &copied
	}
	if transform != nil {
		if e = transform(e); e == nil {
			return nil
		}
	}
	return down.Publish(e)
}

// refuse answers a request whose upstream failed before it opened a stream: a 4xx as
// it came, and every other failure with a stream that makes the client come back.
func refuse(c *app.RequestContext, err error, retry time.Duration) {
	var re *ResponseError
	switch {
	case errors.As(err, &re) && errors.Is(re, ErrUnexpectedStatus) && re.StatusCode >= 400 && re.StatusCode < 500 &&
		re.StatusCode != http.StatusRequestTimeout && re.StatusCode != http.StatusTooManyRequests:
		c.Data(re.StatusCode, "text/plain; charset=utf-8", []byte(re.Body))
	default:
		if errors.As(err, &re) && re.RetryAfter > retry {
			retry = re.RetryAfter
		}
		answerComeBack(c, retry, "upstream event stream unavailable")
	}
}
