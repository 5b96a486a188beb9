// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
)

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

// ClientOption configures a [Client]; see [NewClient]. Each option has a setter of the
// same meaning on Client.
type ClientOption struct {
	apply func(*Client)
}

// WithMethod sets the request method; the default is GET.
func WithMethod(method string) ClientOption {
	return ClientOption{func(c *Client) { c.Method = method }}
}

// WithHeaders adds request headers. The map is copied.
func WithHeaders(headers map[string]string) ClientOption {
	return ClientOption{func(c *Client) { c.SetHeaders(headers) }}
}

// WithBody sets the request body, for example a JSON prompt sent with POST. The slice
// is copied.
func WithBody(body []byte) ClientOption {
	return ClientOption{func(c *Client) { c.SetBody(body) }}
}

// WithMaxBufferSize sets the largest line or event the Client accepts, in bytes; the
// default is [DefaultMaxBufferSize]. Zero or negative means the default.
func WithMaxBufferSize(size int) ClientOption {
	return ClientOption{func(c *Client) { c.SetMaxBufferSize(size) }}
}

// WithHertzClient sets the Hertz client that sends the requests; see
// [Client.SetHertzClient].
func WithHertzClient(hertzClient *client.Client) ClientOption {
	return ClientOption{func(c *Client) { c.SetHertzClient(hertzClient) }}
}

// WithEncodingBase64 makes the Client decode each event's data from base64.
func WithEncodingBase64() ClientOption {
	return ClientOption{func(c *Client) { c.SetEncodingBase64(true) }}
}

// WithOnConnect sets the callback called each time a connection opens.
func WithOnConnect(fn ConnCallback) ClientOption {
	return ClientOption{func(c *Client) { c.SetOnConnectCallback(fn) }}
}

// WithOnDisconnect sets the callback called each time an open connection ends.
func WithOnDisconnect(fn ConnCallback) ClientOption {
	return ClientOption{func(c *Client) { c.SetDisconnectCallback(fn) }}
}

// WithResponseCallback sets a callback that inspects each response; see
// [ResponseCallback].
func WithResponseCallback(fn ResponseCallback) ClientOption {
	return ClientOption{func(c *Client) { c.SetResponseCallback(fn) }}
}

// WithLastEventID sets the last event ID the first request sends as Last-Event-ID,
// to resume a stream where an earlier run of the program left it.
func WithLastEventID(id string) ClientOption {
	return ClientOption{func(c *Client) { c.lastEventID = id }}
}

// WithReconnect makes the Client reconnect whenever the stream ends, resending the
// last event ID, as a browser's EventSource does; see [ReconnectPolicy] and
// [Client.SubscribeWithContext]. Without it, Subscribe returns when the stream ends.
func WithReconnect(policy ReconnectPolicy) ClientOption {
	return ClientOption{func(c *Client) { c.reconnect = &policy }}
}
