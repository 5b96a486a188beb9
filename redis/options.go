// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"time"

	"github.com/cloudwego/hertz/pkg/common/hlog"
)

// Defaults of a [Backend].
const (
	// DefaultKey is the key of the Redis stream that holds the events.
	DefaultKey = "sse:events"

	// DefaultMaxLen is how many events the stream holds, at least, before the oldest
	// are trimmed.
	DefaultMaxLen = 10000

	// DefaultBlockTime is how long one XREAD of a Listen loop waits for new events.
	DefaultBlockTime = 2 * time.Second

	// DefaultPageSize is how many entries one XREAD or XRANGE asks for.
	DefaultPageSize = 1000

	// DefaultReadInterval is the shortest time between the starts of two reads of
	// a Listen loop on a busy stream.
	DefaultReadInterval = 500 * time.Microsecond

	// DefaultMaxBatch is how many events one batch of publishes stores at most.
	DefaultMaxBatch = 512

	// DefaultMaxInFlight is how many batches of publishes may be on their way to
	// Redis at once.
	DefaultMaxInFlight = 2
)

// Option configures a [Backend]; see [New].
type Option struct {
	apply func(*options)
}

type options struct {
	key          string
	maxLen       int64
	maxAge       time.Duration
	blockTime    time.Duration
	pageSize     int
	maxBatch     int
	readInterval time.Duration
	maxInFlight  int
	logger       hlog.CtxLogger // nil: hlog's package-level functions
	now          func() time.Time
}

func newOptions(opts []Option) options {
	o := options{
		key:          DefaultKey,
		maxLen:       DefaultMaxLen,
		blockTime:    DefaultBlockTime,
		pageSize:     DefaultPageSize,
		maxBatch:     DefaultMaxBatch,
		readInterval: DefaultReadInterval,
		maxInFlight:  DefaultMaxInFlight,
		now:          time.Now,
	}
	for _, opt := range opts {
		opt.apply(&o)
	}
	return o
}

// WithKey sets the key of the Redis stream that holds the events; the default is
// [DefaultKey]. Instances that serve the same clients must use the same key; an empty
// key means the default.
//
// Each Backend also keeps a small record of its last batch under a key made from
// this one (see the package documentation), in the same hash slot on Redis Cluster:
// "{key}:publisher:<random>", or "key:publisher:<random>" when key has a hash tag of
// its own. On Redis Cluster, a key that contains "}" must have a hash tag.
func WithKey(key string) Option {
	return Option{func(o *options) {
		if key != "" {
			o.key = key
		}
	}}
}

// WithMaxLen sets how many events the stream holds before the oldest are trimmed, as
// XADD's "MAXLEN ~ n": Redis may keep up to one block of entries more. The default is
// [DefaultMaxLen]. Zero or negative means no limit by count; then set [WithMaxAge],
// or the stream grows with every event.
func WithMaxLen(n int64) Option {
	return Option{func(o *options) { o.maxLen = max(n, 0) }}
}

// WithMaxAge makes every batch of publishes trim the events older than age (by the time in
// their IDs, which is the Redis server's clock, compared with this process's clock),
// as XTRIM's "MINID ~": Redis may keep up to one block of older entries. The event
// just published is never trimmed. A stream nobody publishes to is not trimmed. Zero
// or negative, the default, means no limit by age.
func WithMaxAge(age time.Duration) Option {
	return Option{func(o *options) { o.maxAge = max(age, 0) }}
}

// WithBlockTime sets how long one XREAD of a Listen loop waits for new events before
// it asks again; the default is [DefaultBlockTime]. On a *goredis.Client or a
// *goredis.ClusterClient, Listen reads on a connection of its own and unblocks it with
// CLIENT UNBLOCK when its context ends; on other clients, or when the ACL forbids
// CLIENT, the end of the context is noticed within the block time. On a connection
// of its own a read blocks for at most three quarters of the client's ReadTimeout,
// so that go-redis does not time it out. Zero or negative means the default.
func WithBlockTime(d time.Duration) Option {
	return Option{func(o *options) { setPositive(&o.blockTime, d) }}
}

// WithPageSize sets how many entries one XREAD or XRANGE asks for; the default is
// [DefaultPageSize]. Larger pages mean fewer round trips and more memory per call.
// Zero or negative means the default.
func WithPageSize(n int) Option {
	return Option{func(o *options) { setPositive(&o.pageSize, n) }}
}

// WithReadInterval sets the shortest time between the starts of two reads of a
// Listen loop while the stream is busy; the default is [DefaultReadInterval]. After a
// read that returned events, but less than a page, the next read waits out the rest
// of the interval, so that it returns more events: on a busy stream each read then
// carries many events, for less work in Redis and in the Hub, at the cost of up to
// one interval of latency. On a quiet stream a read waits for the next event and
// hands it over at once. Negative means no wait; zero means the default.
func WithReadInterval(d time.Duration) Option {
	return Option{func(o *options) {
		if d != 0 {
			o.readInterval = max(d, 0)
		}
	}}
}

// WithMaxBatch sets how many events one batch of publishes stores at most; the
// default is [DefaultMaxBatch]. A batch is one script call, during which Redis serves
// nobody else: larger batches mean fewer round trips under load and longer pauses for
// the other users of Redis. A single call of [Backend.StoreBatch] with more events
// still goes in one batch. Zero or negative means the default.
func WithMaxBatch(n int) Option {
	return Option{func(o *options) { setPositive(&o.maxBatch, n) }}
}

// WithMaxInFlight sets how many batches of publishes may be on their way to Redis at
// once, each on a connection of its own; the default is [DefaultMaxInFlight]. More
// batches in flight hide the round trip better under load; a single publisher's
// events are stored in the order of its calls whatever the setting, as a Publish
// returns only once its event is stored. Zero or negative means the default.
func WithMaxInFlight(n int) Option {
	return Option{func(o *options) { setPositive(&o.maxInFlight, n) }}
}

// WithLogger sets where a Listen loop reports Redis failures and recoveries. The
// default, also chosen by nil, is hlog's package-level logger, so that
// hlog.SetLogger decides.
func WithLogger(l hlog.CtxLogger) Option {
	return Option{func(o *options) { o.logger = l }}
}

// setPositive sets *dst to v when v is positive; zero or negative keeps the default.
func setPositive[T int | time.Duration](dst *T, v T) {
	if v > 0 {
		*dst = v
	}
}
