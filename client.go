// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
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
// error, without reconnecting, unless it is a [*ResponseError] that a reconnecting
// Client retries (Err ErrUnexpectedStatus with a 5xx, 408 or 429 StatusCode, as the
// Client's own checks make).
type ResponseCallback func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error

// Client subscribes to an event stream with Hertz's HTTP client.
//
// Configure a Client with options at [NewClient]; the setters of client_compat.go do
// the same for code written against earlier versions. The configuration is read when
// each subscription starts. Methods are safe for concurrent use, except that URL and
// Method are plain fields. Several subscriptions may run on one Client at once; they
// share its last event ID.
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
	method           string
	lastEventID      string
	headers          map[string]string
	body             []byte
	maxBufferSize    int
	encodingBase64   bool
	hertzClient      *client.Client
	onConnect        ConnCallback
	onDisconnect     ConnCallback
	onComment        func(text string)
	onBlock          func(b *Block) error
	responseCallback ResponseCallback
	reconnect        *ReconnectPolicy
	metrics          Metrics
	stopWhen         func(*Event) bool
	readTimeout      time.Duration
	maxRedirects     int
	compression      bool
	log              logger
}

// newClientConfig sets every default, then applies opts in order.
func newClientConfig(opts []ClientOption) clientConfig {
	cfg := clientConfig{method: consts.MethodGet, maxBufferSize: DefaultMaxBufferSize, metrics: NopMetrics{}}
	for _, opt := range opts {
		opt.apply(&cfg)
	}
	return cfg
}

// NewClient returns a Client for the event stream at url. Without options it sends
// GET requests with a Hertz client made by [NewHertzClient], accepts events up to
// [DefaultMaxBufferSize], follows up to [DefaultMaxRedirects] redirects and does not
// reconnect; see [WithReconnect].
func NewClient(url string, opts ...ClientOption) *Client {
	cfg := newClientConfig(opts)
	return &Client{URL: url, Method: cfg.method, cfg: cfg, lastEventID: cfg.lastEventID}
}

// GetLastEventID returns the last event ID received from the server, as the standard
// defines it: set by every valid "id" field, kept across events and connections. It
// is what the Client sends as Last-Event-ID when it reconnects.
func (c *Client) GetLastEventID() []byte {
	return []byte(c.lastID())
}

// config returns a copy of the Client's configuration.
func (c *Client) config() clientConfig {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg
}

// update changes the Client's configuration under its lock.
func (c *Client) update(change func(*clientConfig)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	change(&c.cfg)
}

func (c *Client) lastID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastEventID
}

// setLastID records id as the last event ID.
func (c *Client) setLastID(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastEventID = id
}

// setLastIDBytes records id as the last event ID; it allocates only when the ID
// changed.
func (c *Client) setLastIDBytes(id []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if string(id) != c.lastEventID {
		c.lastEventID = string(id)
	}
}
