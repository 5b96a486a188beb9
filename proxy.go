// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/app"

	"github.com/hertz-contrib/sse/internal/parser"
)

// Proxy makes the handler of c one hop of a chain of SSE servers: it subscribes to the
// event stream at upstreamURL and republishes every event to the client of c with the
// same id, event, retry and data, including the blocks that only set the last event
// ID or the retry time. It returns when either side ends.
//
// The upstream request carries ctx, the request's Last-Event-ID, and the headers named
// by [WithForwardHeaders]; it does not reconnect on its own: when the upstream stream
// ends, so does the downstream one, and the downstream client's reconnection, with its
// Last-Event-ID, re-creates the chain.
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
	client := NewClient(upstreamURL, o.client...)
	if len(o.forward) > 0 {
		headers := client.GetHeaders()
		if headers == nil {
			headers = make(map[string]string, len(o.forward))
		}
		for _, name := range o.forward {
			if v := c.Request.Header.Peek(name); len(v) > 0 {
				headers[name] = string(v)
			}
		}
		client.SetHeaders(headers)
	}
	client.cfg.reconnect = nil
	if id := GetLastEventID(c); id != "" {
		client.lastEventID = id
	}

	// A failed downstream write must end the upstream subscription too.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var down *Stream
	var downErr error
	fail := func(err error) error {
		downErr = err
		cancel()
		return err
	}
	sub, err := client.newSubscription(func(e *Event, f *parser.Fields) error {
		// e.ID is the last event ID at dispatch; the hop sends the id line the
		// upstream block had, or none. An Event cannot carry "id reset to empty": it
		// goes ahead as a block of its own, which means the same to the receiver.
		if !f.HasID {
			e.ID = ""
		} else if e.ID == "" {
			if err := down.writeControl(parser.Fields{HasID: true, Control: true}); err != nil {
				return fail(err)
			}
		}
		if o.transform != nil {
			if e = o.transform(e); e == nil {
				return nil
			}
		}
		if err := down.Publish(e); err != nil {
			return fail(err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sub.onOpen = func() error {
		down = NewStream(c, WithHeartbeat(o.heartbeat))
		down.mu.Lock()
		down.onFail = cancel // a failed heartbeat ends the upstream read at once
		err := down.err
		down.mu.Unlock()
		return err
	}
	sub.onControl = func(f parser.Fields) error {
		if err := down.writeControl(f); err != nil {
			return fail(err)
		}
		return nil
	}

	_, err = sub.connect(ctx)
	switch {
	case downErr != nil:
		return downErr
	case down == nil:
		refuse(c, err, o.retry)
		return err
	case errors.Is(err, io.EOF):
		return down.Close()
	}
	_ = down.Close()
	return err
}

// refuse answers a request whose upstream never opened a stream: a 4xx as it came,
// 204 as 204, and every other failure with a stream that makes the client come back.
func refuse(c *app.RequestContext, err error, retry time.Duration) {
	var re *ResponseError
	switch {
	case errors.Is(err, errNoContent):
		answerStop(c)
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

// writeControl forwards a block that sets only the last event ID and the retry time.
func (s *Stream) writeControl(f parser.Fields) error {
	buf := getBuffer()
	defer putBuffer(buf)
	if f.HasID {
		buf.b = append(buf.b, "id: "...)
		buf.b = append(buf.b, f.ID...)
		buf.b = append(buf.b, '\n')
	}
	if f.HasRetry {
		buf.b = appendRetryLine(buf.b, f.Retry)
	}
	buf.b = append(buf.b, '\n')
	return s.write(buf.b)
}
