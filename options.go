// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "time"

// StreamOption configures a [Stream]; see [NewStream].
type StreamOption struct {
	apply func(*streamOptions)
}

type streamOptions struct {
	heartbeat time.Duration
}

func newStreamOptions(opts []StreamOption) streamOptions {
	o := streamOptions{} // no heartbeat unless asked for
	for _, opt := range opts {
		opt.apply(&o)
	}
	return o
}

// WithHeartbeat makes the Stream write a comment whenever it has been silent for
// interval, so that proxies and load balancers do not close an idle connection and a
// client that has gone is noticed by the next failed write. Zero or negative, the
// default, turns the heartbeat off. The heartbeat stops when the Stream closes.
func WithHeartbeat(interval time.Duration) StreamOption {
	return StreamOption{func(o *streamOptions) { o.heartbeat = interval }}
}
