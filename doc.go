// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package sse implements Server-Sent Events for the CloudWeGo Hertz framework.
//
// The server side writes events onto a Hertz [app.RequestContext] through a [Stream]
// (see [NewStream] and [Stream.Publish]). The client side ([NewClient], [Client.Subscribe])
// reads an event stream with Hertz's HTTP client and can reconnect, resending the
// Last-Event-ID header; a [Decoder] reads one from any io.Reader. A [Hub] fans events
// out to many streams by topic without ever waiting on a slow client, a [Replayer]
// lets a reconnecting client recover exactly the events it missed, and a
// [Broadcaster] (the redis module) does both across many instances. [Proxy] makes a
// handler one hop of a chain of SSE servers.
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
package sse
