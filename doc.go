// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package sse implements Server-Sent Events for the CloudWeGo Hertz framework.
//
// The server side writes events onto a Hertz [app.RequestContext] through a [Stream]
// (see [NewStream] and [Stream.Publish]). The client side ([NewClient], [Client.Subscribe])
// reads an event stream with Hertz's HTTP client, made by [NewHertzClient] so that a
// cancellation can interrupt it at any moment, and can reconnect, resending the
// Last-Event-ID header; a [Decoder] reads one from any io.Reader. A [Hub] fans events
// out to many clients by topic without ever waiting on a slow one, through the
// [Connection] seam that a Stream implements; a [Replayer] lets a reconnecting client
// recover exactly the events it missed, and a [Broadcaster] (the redis module) does
// both across many instances. [Proxy] makes a handler one hop of a chain of SSE
// servers, on the exported API alone ([Block], [WithOnBlock]).
//
// The wire format follows the WHATWG HTML standard, section "Server-sent events":
// https://html.spec.whatwg.org/multipage/server-sent-events.html
//
// # Lifetimes
//
// Hertz ends a response when its handler returns. Every write to a [Stream] must
// therefore happen before the handler that created it returns; a Stream is dead
// afterwards and every call on it reports [ErrStreamClosed]. [Hub.Serve] follows this
// rule for you: it returns only once the client has gone, its context has ended or the
// hub has closed.
//
// # Restarts, deploys and failures
//
// A browser's EventSource reconnects only after a network error or the end of a 200
// event stream; any other status, or a Content-Type other than text/event-stream,
// fails it for good. Every answer this package writes on behalf of a handler
// therefore follows one rule: to make a client come back, answer 200
// text/event-stream with a retry and end the stream; to make it stop, answer 204; a
// refusal the application means (401, 403, 404) keeps its status.
//
//	situation                                  what the package answers             a browser              the Go client with WithReconnect
//	Hub.Shutdown, with streams open            each stream: a retry, then its end   reconnects after it    reconnects after it
//	Hub closed or shutting down, new request   200 stream: a retry, then its end    reconnects after it    reconnects after it
//	Last-Event-ID unknown or expired           a history-lost event, then live      goes on, is told       goes on, IsHistoryLost
//	  (GapRefuse instead)                      204 No Content                       stops for good         Subscribe returns nil
//	Replayer or Broadcaster down (Redis)       200 stream: a retry, then its end    reconnects after it    reconnects after it
//	Authorizer refuses                         its status (403 unless it says)      stops for good         Subscribe returns the error
//	Proxy: upstream down, timed out, 5xx,      200 stream: a retry, then its end    reconnects after it    reconnects after it
//	  or not an event stream
//	Proxy: upstream 204                        204 No Content                       stops for good         Subscribe returns nil
//	Proxy: upstream 4xx                        the same status and body             stops for good         Subscribe returns the error
//
// The retry a hub or a proxy asks for is a random time between its base
// ([WithHubRetry], [WithProxyRetry]; [DefaultRetry] unless set) and twice it, so that
// the clients of an instance that restarts do not all come back at the same moment.
// The idiom _ = hub.Serve(ctx, c, topics...) is safe in every case: Serve writes the
// answer itself and returns the error only for the handler to log.
package sse
