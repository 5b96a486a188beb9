// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
)

// The answers the package writes on behalf of a handler follow one rule, because a
// browser's EventSource reconnects only after a network error or the end of a 200
// event stream, and fails for good on any other status or Content-Type: to make a
// client come back, answer 200 text/event-stream with a retry and end the stream; to
// make it stop, answer 204; a refusal the application means (401, 403, 404) keeps its
// status. See the package documentation.

// DefaultRetry is the reconnection time a [Hub] or [Proxy] asks of the clients it
// sends away to come back (see [WithHubRetry]): each client is told a time between
// it and twice it, so that the clients of an instance that restarts do not all come
// back at once.
const DefaultRetry = 2 * time.Second

// jitter returns a reconnection time between base and twice base, at random.
func jitter(base time.Duration) time.Duration {
	if base <= 0 {
		return 0
	}
	return base + rand.N(base)
}

// endWithRetry ends s after telling its client why, as a comment, and to reconnect
// after retry, jittered. The client sees the clean end of a stream and comes back.
func endWithRetry(s Connection, retry time.Duration, why string) error {
	_ = s.SendComment(why)
	_ = s.SetRetry(jitter(retry))
	return s.Close()
}

// answerComeBack answers c with an event stream that only tells the client why it
// ends and when to reconnect, then ends: what a client is told when it cannot be
// served now but can be later.
func answerComeBack(c *app.RequestContext, retry time.Duration, why string) {
	_ = endWithRetry(NewStream(c), retry, why)
}

// answerStop answers c with 204 No Content, which makes a browser's EventSource and
// a [Client] stop reconnecting.
func answerStop(c *app.RequestContext) {
	c.Status(http.StatusNoContent)
}
