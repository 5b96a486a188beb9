// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

// This file holds every functional option of the package, grouped by what they
// configure: a Stream, a Client, a Hub, a Proxy. Each target has an option type of its
// own, so that an option cannot reach the wrong target, and is built the same way: a
// constructor sets every default, then applies the options in order, the later
// winning.
//
// One rule for numbers and durations: zero means the default, which each option
// documents. A negative value turns the feature off where it can be off (a
// heartbeat, following redirects, a reconnection delay) and means the default
// everywhere else (a size, a retry time).

import (
	"maps"
	"slices"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/hertz-contrib/sse/internal/clock"
)

// StreamOption configures a [Stream]; see [NewStream].
type StreamOption struct {
	apply func(*streamOptions)
}

type streamOptions struct {
	heartbeat time.Duration
	batching  bool
	// holdHeader keeps the response header until the first write, which then carries
	// it: a Hub's first bytes for a client must reach it together with the header.
	holdHeader   bool
	onWriteError func(error)
	compression  bool
	log          logger
	clock        clock.Clock // the heartbeat's; tests set a fake one
}

func newStreamOptions(opts []StreamOption) streamOptions {
	o := streamOptions{clock: clock.Real} // no heartbeat unless asked for
	for _, opt := range opts {
		opt.apply(&o)
	}
	return o
}

// WithHeartbeat makes the Stream write a comment whenever it has been silent for
// interval, so that proxies and load balancers do not close an idle connection and a
// client that has gone is noticed by the next failed write. Zero means
// [DefaultHeartbeat]; negative turns it off. A Stream made without this option has no
// heartbeat: its handler decides when it writes. The heartbeat stops when the Stream
// closes.
func WithHeartbeat(interval time.Duration) StreamOption {
	return StreamOption{func(o *streamOptions) { o.heartbeat = heartbeatOf(interval) }}
}

// heartbeatOf applies the package's rule to a heartbeat interval: zero means the
// default, negative off (0 inside).
func heartbeatOf(interval time.Duration) time.Duration {
	switch {
	case interval == 0:
		return DefaultHeartbeat
	case interval < 0:
		return 0
	}
	return interval
}

// WithBatching makes the Stream write behind its callers: Publish queues the encoded
// event and returns, and a goroutine of the Stream sends everything queued with one
// write and one flush. An idle stream sends each event at once, so latency does not
// grow; a busy one sends many events per system call, which multiplies throughput.
// Publish waits while 64 KiB are queued, so a client slower than the publisher holds
// it back instead of using memory. A write error is returned by the next call; Close
// sends what is queued before it ends the stream.
func WithBatching() StreamOption {
	return StreamOption{func(o *streamOptions) { o.batching = true }}
}

// WithCompression makes the Stream gzip-encode the event stream when the request's
// Accept-Encoding allows gzip (q-values and "*" are honoured; "gzip;q=0" refuses it):
// the response then carries Content-Encoding: gzip, and each event, or each batch
// with [WithBatching], is compressed and sync-flushed before the write that sends
// it, so that nothing waits in the compressor and the client decodes every event as
// soon as it arrives. Without gzip in Accept-Encoding the stream is plain. Either way
// Accept-Encoding is added to the response's Vary, for caches. Close ends the gzip
// data with its trailer before the end of the body.
//
// Events are coded against the 32 KiB of stream before them, so events that repeat
// what came before shrink most. Measured by make bench on 2 cores (its compression
// table), one event at a time, in bytes on the wire per event: an OpenAI-style chat
// completion chunk (200 bytes of JSON) takes 17 instead of 207, a 5 KiB JSON document
// 750 instead of 5,103, a bare 25-byte token 16 instead of 31 (every flush costs a
// few bytes of its own); the server pays about 5 µs of CPU for a small event and
// 86 µs for the document, and it pays it for every client (a [Hub] encodes an event
// once, but compresses it once per client). Events written together (WithBatching
// under load, a Hub's queued events) share one flush and cost a fraction of that.
// Each compressed stream also holds a compressor of about 800 KiB for its whole
// life, taken from a pool and returned on Close. So compression pays when bandwidth,
// not CPU, is scarce: clients on slow or metered links, egress billed by the byte,
// repetitive JSON such as LLM token chunks. It does not for a hub with thousands of
// clients on a fast network, nor for tiny events.
//
// With [NewStreamWithWriter], which has no request to negotiate with, the option
// compresses unconditionally.
func WithCompression() StreamOption { return compressIf(true) }

// compressIf is WithCompression when on, and an option that changes nothing when not:
// how a Hub or a Proxy passes its own compression option on to its streams.
func compressIf(on bool) StreamOption {
	return StreamOption{func(o *streamOptions) { o.compression = o.compression || on }}
}

// WithOnWriteError sets a function called once, when a write to the Stream first
// fails, with that error: the moment a handler learns that its client has gone, even
// when only a heartbeat noticed. It runs with the Stream locked, on the writing
// goroutine: it must return quickly and must not call the Stream (cancelling a
// context is what it is for).
func WithOnWriteError(fn func(err error)) StreamOption {
	return StreamOption{func(o *streamOptions) { o.onWriteError = fn }}
}

// WithStreamLogger sets where the Stream reports what it cannot return as an error (a
// response body a handler wrote after the stream started, which it drops). The
// default, also chosen by nil, is hlog's package-level logger, so that
// hlog.SetLogger decides.
func WithStreamLogger(l hlog.CtxLogger) StreamOption {
	return StreamOption{func(o *streamOptions) { o.log = logger{l} }}
}

// ClientOption configures a [Client]; see [NewClient].
type ClientOption struct {
	apply func(*clientConfig)
}

// WithMethod sets the request method; the default is GET.
func WithMethod(method string) ClientOption {
	return ClientOption{func(c *clientConfig) { c.method = method }}
}

// WithHeaders sets extra request headers; the map is copied. A later WithHeaders
// replaces the headers of an earlier one.
func WithHeaders(headers map[string]string) ClientOption {
	headers = maps.Clone(headers)
	return ClientOption{func(c *clientConfig) { c.headers = maps.Clone(headers) }}
}

// WithBody sets the request body, for example a JSON prompt sent with POST. The slice
// is copied.
func WithBody(body []byte) ClientOption {
	body = slices.Clone(body)
	return ClientOption{func(c *clientConfig) { c.body = body }}
}

// WithMaxBufferSize sets the largest line or event the Client accepts, in bytes; a
// larger one ends the subscription with an error matching [ErrEventTooLarge]. Zero or
// negative means the default, [DefaultMaxBufferSize].
func WithMaxBufferSize(size int) ClientOption {
	return ClientOption{func(c *clientConfig) {
		if size <= 0 {
			size = DefaultMaxBufferSize
		}
		c.maxBufferSize = size
	}}
}

// WithHertzClient sets the Hertz client that sends the requests; make it with
// [NewHertzClient], so that ctx cancellation and [WithReadTimeout] can interrupt a
// request at any moment. A nil client means the default, one made by NewHertzClient
// and shared by every Client without its own.
//
// A client made otherwise cannot tell which connection carries which request, and
// Hertz's netpoll transport frees a connection's buffers when another goroutine closes
// it under a reader, so the subscription then closes a connection only from the
// goroutine that reads it: on netpoll an interruption takes effect at the stream's
// next byte, on the standard transport once the response header has come. Such a
// client must stream response bodies (client.WithResponseBodyStream) and should not
// set a read timeout shorter than the longest silence of the stream.
func WithHertzClient(hertzClient *client.Client) ClientOption {
	return ClientOption{func(c *clientConfig) { c.hertzClient = hertzClient }}
}

// WithEncodingBase64 makes the Client decode each event's data from base64 (standard
// encoding); data that does not decode ends the subscription with an error.
func WithEncodingBase64() ClientOption {
	return ClientOption{func(c *clientConfig) { c.encodingBase64 = true }}
}

// WithOnConnect sets the callback called each time a connection opens, once the
// response has been accepted as an event stream and before any event.
func WithOnConnect(fn ConnCallback) ClientOption {
	return ClientOption{func(c *clientConfig) { c.onConnect = fn }}
}

// WithOnDisconnect sets the callback called each time a connection that had opened
// ends, for whatever reason.
func WithOnDisconnect(fn ConnCallback) ClientOption {
	return ClientOption{func(c *clientConfig) { c.onDisconnect = fn }}
}

// WithOnComment sets a function that receives the text of every comment the server
// sends (after the colon and one leading space), on the subscribing goroutine, in
// order with the events. Heartbeats are comments, often empty ones: seeing them tells
// a live idle stream from a dead one.
func WithOnComment(fn func(text string)) ClientOption {
	return ClientOption{func(c *clientConfig) { c.onComment = fn }}
}

// WithOnBlock sets a function that receives every block of the stream that dispatches
// an event or sets the last event ID or the reconnection time, as it arrived (see
// [Block]), before the handler receives the block's event. It is for code that
// forwards a stream unchanged, as [Proxy] does; an error it returns ends the
// subscription with that error.
func WithOnBlock(fn func(b *Block) error) ClientOption {
	return ClientOption{func(c *clientConfig) { c.onBlock = fn }}
}

// WithResponseCallback sets a callback that inspects each response; see
// [ResponseCallback].
func WithResponseCallback(fn ResponseCallback) ClientOption {
	return ClientOption{func(c *clientConfig) { c.responseCallback = fn }}
}

// WithLastEventID sets the last event ID the first request sends as Last-Event-ID,
// to resume a stream where an earlier run of the program left it.
func WithLastEventID(id string) ClientOption {
	return ClientOption{func(c *clientConfig) { c.lastEventID = id }}
}

// WithReconnect makes the Client reconnect whenever the stream ends, resending the
// last event ID, as a browser's EventSource does; see [ReconnectPolicy] and
// [Client.SubscribeWithContext]. Without it, Subscribe returns when the stream ends.
func WithReconnect(policy ReconnectPolicy) ClientOption {
	return ClientOption{func(c *clientConfig) { c.reconnect = &policy }}
}

// WithReadTimeout makes the Client count a connection as dead when nothing at all
// (no response header, no event, no comment, no byte) has arrived on it for d; a
// server's heartbeat comments keep it alive. A dead connection is closed: with
// [WithReconnect] the Client reconnects, without it Subscribe returns an error
// matching [ErrReadTimeout]. Choose d longer than the server's heartbeat interval.
// Zero, the default, and negative set no read timeout.
//
// It is the Client's own timer, independent of the Hertz client's read timeout,
// which on Hertz's transports does not measure silence.
func WithReadTimeout(d time.Duration) ClientOption {
	return ClientOption{func(c *clientConfig) { c.readTimeout = max(d, 0) }}
}

// WithClientCompression makes the Client ask for a gzip-encoded stream, with
// Accept-Encoding: gzip on every request (in place of an Accept-Encoding set with
// [WithHeaders]). Without it the Client sends no Accept-Encoding of its own. Either
// way it decodes a response with Content-Encoding: gzip (or x-gzip) as it reads it;
// [WithReadTimeout] counts the compressed bytes as they arrive. A response in any
// other content coding is refused with a [*ResponseError] that matches
// [ErrUnexpectedContentType] and names the coding, and is not retried.
func WithClientCompression() ClientOption {
	return ClientOption{func(c *clientConfig) { c.compression = true }}
}

// WithMaxRedirects sets how many redirects (301, 302, 303, 307, 308) the Client
// follows for one connection. Zero means the default, [DefaultMaxRedirects];
// negative follows none, so that a redirect fails as an unexpected status.
func WithMaxRedirects(n int) ClientOption {
	return ClientOption{func(c *clientConfig) { c.maxRedirects = n }}
}

// WithStopWhen sets a test that ends the subscription: the first event for which stop
// returns true is not handed to the handler, the connection is closed, and Subscribe
// returns nil without reconnecting. It fits streams that announce their own end, such
// as the "data: [DONE]" of OpenAI-style token streams.
func WithStopWhen(stop func(e *Event) bool) ClientOption {
	return ClientOption{func(c *clientConfig) { c.stopWhen = stop }}
}

// WithClientLogger sets where the Client reports its reconnections, which Subscribe
// does not return. The default, also chosen by nil, is hlog's package-level logger,
// so that hlog.SetLogger decides.
func WithClientLogger(l hlog.CtxLogger) ClientOption {
	return ClientOption{func(c *clientConfig) { c.log = logger{l} }}
}

// WithClientMetrics makes the Client report its reconnections to m; nil means none.
func WithClientMetrics(m Metrics) ClientOption {
	return ClientOption{func(c *clientConfig) {
		if m != nil {
			c.metrics = m
		}
	}}
}

// HubOption configures a [Hub]; see [NewHub].
type HubOption struct {
	apply func(*hubOptions)
}

type hubOptions struct {
	queueSize     int
	slowPolicy    SlowPolicy
	gapPolicy     GapPolicy
	heartbeat     time.Duration
	replayer      Replayer
	broadcaster   Broadcaster
	onBroadcast   func(*Event)
	onBroadcastTo func(string, *Event)
	metrics       Metrics
	authorizer    Authorizer
	retry         time.Duration
	compression   bool
	log           logger
	clock         clock.Clock // the heartbeats'; tests set a fake one
}

// Defaults of a [Hub] (DefaultHeartbeat is also a Proxy's, and a Stream's interval
// when WithHeartbeat is given zero).
const (
	DefaultQueueSize = 256
	DefaultHeartbeat = 15 * time.Second
)

func newHubOptions(opts []HubOption) hubOptions {
	o := hubOptions{
		queueSize: DefaultQueueSize,
		heartbeat: DefaultHeartbeat,
		metrics:   NopMetrics{},
		retry:     DefaultRetry,
		clock:     clock.Real,
	}
	for _, opt := range opts {
		opt.apply(&o)
	}
	if o.broadcaster != nil {
		history, _ := o.broadcaster.(Replayer)
		if o.replayer != nil && o.replayer != history {
			// The Broadcaster assigns the IDs that every instance delivers: a history of
			// another kind would never hold them.
			panic("sse: NewHub: WithReplayer and WithBroadcaster name different histories; a hub with a Broadcaster replays from the Broadcaster (as a Replayer) or not at all")
		}
		o.replayer = history
	}
	return o
}

// WithQueueSize sets how many events may wait for one client; the default is
// [DefaultQueueSize]. Zero or negative means the default.
func WithQueueSize(n int) HubOption {
	return HubOption{func(o *hubOptions) {
		if n > 0 {
			o.queueSize = n
		}
	}}
}

// WithSlowPolicy sets what the hub does with a client whose queue is full; the
// default is [SlowDisconnect].
func WithSlowPolicy(p SlowPolicy) HubOption {
	return HubOption{func(o *hubOptions) { o.slowPolicy = p }}
}

// WithGapPolicy sets what Serve does when the Replayer cannot tell what a client
// missed; the default is [GapNotify].
func WithGapPolicy(p GapPolicy) HubOption {
	return HubOption{func(o *hubOptions) { o.gapPolicy = p }}
}

// WithHubHeartbeat sets how long a client of the hub may go without a write before
// the hub sends it a comment, which keeps proxies from closing the connection and
// finds clients that have gone. The hub looks at its clients eight times an interval,
// so the comment goes out after between 7/8 of the interval and the whole interval of
// silence. Zero means [DefaultHeartbeat], shorter than the idle timeouts of common
// proxies, which is also the default; negative turns it off.
func WithHubHeartbeat(interval time.Duration) HubOption {
	return HubOption{func(o *hubOptions) { o.heartbeat = heartbeatOf(interval) }}
}

// WithHubRetry sets the reconnection time the hub asks of the clients it sends away to
// come back: the streams it ends on Shutdown, and the requests it cannot serve while
// it shuts down or while its Replayer or Broadcaster fails. Each client is told a time
// between d and 2d, at random, so that the clients of a restarting instance do not all
// come back at once. The default is [DefaultRetry]; zero or negative means the
// default.
func WithHubRetry(d time.Duration) HubOption {
	return HubOption{func(o *hubOptions) {
		if d > 0 {
			o.retry = d
		}
	}}
}

// WithHubLogger sets where the hub reports what Serve and Broadcast cannot return as
// errors: clients dropped as too slow, clients sent away while its history fails, a
// Broadcaster whose Listen stopped. The default, also chosen by nil, is hlog's
// package-level logger, so that hlog.SetLogger decides. The hub's streams report to
// it too.
func WithHubLogger(l hlog.CtxLogger) HubOption {
	return HubOption{func(o *hubOptions) { o.log = logger{l} }}
}

// WithReplayer gives the hub a history of events, so that reconnecting clients
// recover what they missed; see [Hub.Serve]. Beside [WithBroadcaster] it may only
// name the Broadcaster itself (see [NewHub]).
func WithReplayer(r Replayer) HubOption {
	return HubOption{func(o *hubOptions) { o.replayer = r }}
}

// WithBroadcaster makes the hub publish through b and deliver what b hands back, so
// that the hubs of many instances deliver the same events; see [Broadcaster]. If b is
// also a [Replayer], it is the hub's history; no other can be (see [NewHub]).
func WithBroadcaster(b Broadcaster) HubOption {
	return HubOption{func(o *hubOptions) { o.broadcaster = b }}
}

// WithOnBroadcast sets a hook called with every event sent to every client, once it
// is queued for them. It runs on the broadcasting goroutine, so it must be quick.
func WithOnBroadcast(fn func(e *Event)) HubOption {
	return HubOption{func(o *hubOptions) { o.onBroadcast = fn }}
}

// WithOnBroadcastTo sets a hook called with every event sent to a topic, once it is
// queued for its clients. It runs on the broadcasting goroutine, so it must be quick.
func WithOnBroadcastTo(fn func(topic string, e *Event)) HubOption {
	return HubOption{func(o *hubOptions) { o.onBroadcastTo = fn }}
}

// WithHubMetrics makes the hub report to m; if m is also a [DurationMetrics], the hub
// reports how long each client stayed too. A nil m is ignored.
func WithHubMetrics(m Metrics) HubOption {
	return HubOption{func(o *hubOptions) {
		if m != nil {
			o.metrics = m
		}
	}}
}

// WithAuthorizer makes [Hub.Serve] ask fn which topics each request may join, and
// refuse the request, before the stream starts, when fn returns an error.
func WithAuthorizer(fn Authorizer) HubOption {
	return HubOption{func(o *hubOptions) { o.authorizer = fn }}
}

// WithHubCompression makes [Hub.Serve] open its streams with [WithCompression]: each
// client whose Accept-Encoding allows gzip gets a gzip-encoded stream, the others a
// plain one. The hub still encodes each event once, but compresses it once per
// client.
func WithHubCompression() HubOption {
	return HubOption{func(o *hubOptions) { o.compression = true }}
}

// ProxyOption configures [Proxy].
type ProxyOption struct {
	apply func(*proxyOptions)
}

type proxyOptions struct {
	client      []ClientOption
	forward     []string
	transform   func(*Event) *Event
	heartbeat   time.Duration
	retry       time.Duration
	compression bool
}

func newProxyOptions(opts []ProxyOption) proxyOptions {
	o := proxyOptions{heartbeat: DefaultHeartbeat, retry: DefaultRetry}
	for _, opt := range opts {
		opt.apply(&o)
	}
	return o
}

// WithUpstreamClient sets the options of the Client that subscribes upstream: its
// Hertz client, headers, method, body, max buffer size, read timeout, reconnection
// (see [Proxy]). The hop sets WithOnConnect and WithOnBlock itself, and
// WithLastEventID from the downstream request: those of opts are replaced.
func WithUpstreamClient(opts ...ClientOption) ProxyOption {
	return ProxyOption{func(o *proxyOptions) { o.client = append(o.client, opts...) }}
}

// WithForwardHeaders names request headers that a hop copies from the downstream
// request to the upstream one, such as Authorization. Last-Event-ID is always
// forwarded.
func WithForwardHeaders(names ...string) ProxyOption {
	return ProxyOption{func(o *proxyOptions) { o.forward = append(o.forward, names...) }}
}

// WithTransform sets a function that sees every event before it is republished and
// returns the event to send, changed or not, or nil to drop it. It runs on the hop's
// reading goroutine.
func WithTransform(fn func(e *Event) *Event) ProxyOption {
	return ProxyOption{func(o *proxyOptions) { o.transform = fn }}
}

// WithProxyHeartbeat sets how long the downstream stream may stay silent before the
// hop writes a comment, which is also how a hop without client-disconnection sensing
// finds that its client has gone. Zero means [DefaultHeartbeat], which is also the
// default; negative turns it off.
func WithProxyHeartbeat(interval time.Duration) ProxyOption {
	return ProxyOption{func(o *proxyOptions) { o.heartbeat = heartbeatOf(interval) }}
}

// WithProxyCompression opens the downstream stream with [WithCompression], so that a
// client whose Accept-Encoding allows gzip gets a gzip-encoded stream. It does not
// change the upstream request: to ask the upstream for gzip too, pass
// [WithClientCompression] to [WithUpstreamClient]. A hop decodes a gzip upstream
// either way.
func WithProxyCompression() ProxyOption {
	return ProxyOption{func(o *proxyOptions) { o.compression = true }}
}

// WithProxyRetry sets the reconnection time a hop asks of its client when it cannot
// open the upstream stream (see [Proxy]): a time between d and 2d, at random. The
// default is [DefaultRetry]; zero or negative means the default. An upstream
// Retry-After that is longer wins.
func WithProxyRetry(d time.Duration) ProxyOption {
	return ProxyOption{func(o *proxyOptions) {
		if d > 0 {
			o.retry = d
		}
	}}
}
