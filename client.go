// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
	"github.com/cloudwego/hertz/pkg/protocol/consts"
)

// DefaultMaxBufferSize is the largest line or event a [Client] accepts unless
// configured otherwise: 64 KiB.
const DefaultMaxBufferSize = 1 << 16

// ConnCallback is called by a [Client] when a connection to the server opens or ends.
type ConnCallback func(ctx context.Context, client *Client)

// ResponseCallback inspects the server's response before any event is read. When set,
// it replaces the Client's own checks of the status and Content-Type: returning nil
// accepts the response as an event stream, and an error ends Subscribe with that
// error, without reconnecting.
type ResponseCallback func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error

// Client subscribes to an event stream with Hertz's HTTP client.
//
// Configure a Client with options at [NewClient] (or with its setters) before calling
// [Client.Subscribe]; the configuration is read when each subscription starts. Setters
// and getters are safe for concurrent use, except that URL and Method are plain
// fields. Several subscriptions may run on one Client at once; they share its last
// event ID.
type Client struct {
	// URL is the address of the event stream.
	URL string
	// Method is the request method, GET unless set.
	Method string

	mu          sync.Mutex
	cfg         clientConfig
	lastEventID string
}

// clientConfig is what a Client's options set; each subscription takes a copy.
type clientConfig struct {
	headers          map[string]string
	body             []byte
	maxBufferSize    int
	encodingBase64   bool
	hertzClient      *client.Client
	onConnect        ConnCallback
	onDisconnect     ConnCallback
	responseCallback ResponseCallback
	reconnect        *ReconnectPolicy
	metrics          Metrics
	stopWhen         func(*Event) bool
	readTimeout      time.Duration
	onComment        func(text string)
	maxRedirects     int
}

// NewClient returns a Client for the event stream at url. Without options it sends
// GET requests with Hertz's default streaming client, accepts events up to
// [DefaultMaxBufferSize] and does not reconnect; see [WithReconnect].
func NewClient(url string, opts ...ClientOption) *Client {
	c := &Client{URL: url, Method: consts.MethodGet, cfg: clientConfig{maxBufferSize: DefaultMaxBufferSize}}
	for _, opt := range opts {
		opt.apply(c)
	}
	return c
}

// OnConnect sets the callback called each time a connection opens, once the response
// has been accepted as an event stream. Same as [Client.SetOnConnectCallback].
func (c *Client) OnConnect(fn ConnCallback) { c.SetOnConnectCallback(fn) }

// OnDisconnect sets the callback called each time a connection that had opened ends,
// for whatever reason. Same as [Client.SetDisconnectCallback].
func (c *Client) OnDisconnect(fn ConnCallback) { c.SetDisconnectCallback(fn) }

// SetOnConnectCallback sets the callback called each time a connection opens.
func (c *Client) SetOnConnectCallback(fn ConnCallback) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.onConnect = fn
}

// SetDisconnectCallback sets the callback called each time an open connection ends.
func (c *Client) SetDisconnectCallback(fn ConnCallback) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.onDisconnect = fn
}

// SetMaxBufferSize sets the largest line or event, in bytes, that the Client accepts; a
// larger one ends the subscription with an error matching [ErrEventTooLarge]. Zero or
// negative restores [DefaultMaxBufferSize].
func (c *Client) SetMaxBufferSize(size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if size <= 0 {
		size = DefaultMaxBufferSize
	}
	c.cfg.maxBufferSize = size
}

// SetURL sets the address of the event stream.
func (c *Client) SetURL(url string) { c.URL = url }

// SetMethod sets the request method.
func (c *Client) SetMethod(method string) { c.Method = method }

// SetHeaders sets extra request headers. The map is copied.
func (c *Client) SetHeaders(headers map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.headers = maps.Clone(headers)
}

// SetResponseCallback sets a callback that inspects each response; see
// [ResponseCallback].
func (c *Client) SetResponseCallback(fn ResponseCallback) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.responseCallback = fn
}

// SetHertzClient sets the Hertz client that sends the requests. A nil client restores
// the default, one made by [NewHertzClient], shared by every Client without its own.
//
// Make a client of your own with NewHertzClient: then the end of a subscription's ctx
// and [WithReadTimeout] interrupt a request at any moment, on either of Hertz's
// transports. A client made otherwise cannot tell which connection carries which
// request, and Hertz's netpoll transport frees a connection's buffers when another
// goroutine closes it under a reader, so the subscription closes the connection only
// from the goroutine that reads it: on netpoll, an interruption then takes effect at
// the stream's next byte; on the standard transport, once the response header has
// come. Such a client should not set a read timeout shorter than the longest silence
// of the stream, and it must stream response bodies (client.WithResponseBodyStream).
func (c *Client) SetHertzClient(hertzClient *client.Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.hertzClient = hertzClient
}

// SetEncodingBase64 sets whether each event's data is base64 (standard encoding) and
// is decoded before the handler sees it. Data that does not decode ends the
// subscription with an error.
func (c *Client) SetEncodingBase64(encodingBase64 bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.encodingBase64 = encodingBase64
}

// SetBody sets the request body, for example a JSON prompt sent with POST. The slice
// is copied.
func (c *Client) SetBody(body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.body = slices.Clone(body)
}

// GetURL returns the address of the event stream.
func (c *Client) GetURL() string { return c.URL }

// GetMethod returns the request method.
func (c *Client) GetMethod() string { return c.Method }

// GetHeaders returns a copy of the extra request headers.
func (c *Client) GetHeaders() map[string]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.cfg.headers)
}

// GetHertzClient returns the Hertz client set with SetHertzClient or WithHertzClient,
// or nil when the default client is used.
func (c *Client) GetHertzClient() *client.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg.hertzClient
}

// GetLastEventID returns the last event ID received from the server, as the standard
// defines it: set by every valid "id" field, kept across events and connections. It
// is what the Client sends as Last-Event-ID when it reconnects.
func (c *Client) GetLastEventID() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return []byte(c.lastEventID)
}

// GetBody returns a copy of the request body.
func (c *Client) GetBody() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.cfg.body)
}
