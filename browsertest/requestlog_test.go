// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app"

	"github.com/hertz-contrib/sse"
)

// request is what the server saw of one request to the event stream.
type request struct {
	hasLastEventID bool
	lastEventID    string
	arrived        time.Time
	returned       time.Time // when the handler returned, before Hertz ended the response
}

// requestLog records every request that passes through its middleware.
type requestLog struct {
	mu   sync.Mutex
	reqs []*request
}

// middleware records the request, then runs the handler.
func (l *requestLog) middleware(ctx context.Context, c *app.RequestContext) {
	r := &request{
		hasLastEventID: c.Request.Header.Peek(sse.HeaderLastEventID) != nil,
		lastEventID:    sse.GetLastEventID(c),
		arrived:        time.Now(),
	}
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
	c.Next(ctx)
	l.mu.Lock()
	r.returned = time.Now()
	l.mu.Unlock()
}

// requests returns copies of the requests seen so far.
func (l *requestLog) requests() []request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]request, len(l.reqs))
	for i, r := range l.reqs {
		out[i] = *r
	}
	return out
}
