// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
)

// Backend is an [sse.Broadcaster] and an [sse.Replayer] on one Redis stream, for Hubs
// that run on many instances; see the package documentation. It is safe for
// concurrent use and holds no goroutine of its own, so it needs no closing: each
// Listen call runs on its caller's goroutine, and each batch of publishes on the
// goroutine of one of its publishers.
type Backend struct {
	client    goredis.UniversalClient
	opts      options
	commits   commitQueue
	listeners listeners
}

var (
	_ sse.Broadcaster   = (*Backend)(nil)
	_ sse.BatchListener = (*Backend)(nil)
	_ sse.Replayer      = (*Backend)(nil)
	_ sse.BatchStorer   = (*Backend)(nil)
)

// New returns a Backend that keeps its events in Redis through client. The caller
// owns client and closes it after the Backend's last use; a *goredis.Client or a
// *goredis.ClusterClient lets Listen end at once when its context ends (see
// [WithBlockTime]). Without options the stream is [DefaultKey], trimmed to about
// [DefaultMaxLen] events.
//
// New does not contact Redis: a Redis that is down shows in the errors of Publish and
// Replay, and in the logs of Listen, which waits for it to come back.
func New(client goredis.UniversalClient, opts ...Option) *Backend {
	b := &Backend{client: client, opts: newOptions(opts)}
	b.commits.init(b.opts.key, newToken(), b.opts.maxInFlight)
	return b
}

// newToken returns a name for a Backend's commit record that no other Backend, in
// this process or another, uses.
func newToken() string {
	var t [12]byte
	_, _ = rand.Read(t[:]) // never fails
	return hex.EncodeToString(t[:])
}

// Key returns the key of the Redis stream that holds the events.
func (b *Backend) Key() string { return b.opts.key }

// Store implements [sse.Replayer]: it is [Backend.Publish], so that a Hub given the
// Backend only as its Replayer still stores events where every instance sees them.
func (b *Backend) Store(ctx context.Context, topic string, event *sse.Event) error {
	return b.Publish(ctx, topic, event)
}

// Compare implements [sse.Replayer]: it orders stream IDs by their milliseconds, then
// by their sequence numbers. IDs that are not stream IDs compare as strings.
func (b *Backend) Compare(a, c string) int {
	ia, okA := parseID(a)
	ic, okC := parseID(c)
	if !okA || !okC {
		return strings.Compare(a, c)
	}
	return ia.compare(ic)
}

func (b *Backend) errorf(ctx context.Context, format string, v ...any) {
	if b.opts.logger != nil {
		b.opts.logger.CtxErrorf(ctx, format, v...)
		return
	}
	hlog.CtxErrorf(ctx, format, v...)
}

func (b *Backend) infof(ctx context.Context, format string, v ...any) {
	if b.opts.logger != nil {
		b.opts.logger.CtxInfof(ctx, format, v...)
		return
	}
	hlog.CtxInfof(ctx, format, v...)
}

// wrap adds what the Backend was doing, and on which stream, to a Redis error.
func (b *Backend) wrap(doing string, err error) error {
	return fmt.Errorf("sse/redis: %s on stream %q: %w", doing, b.opts.key, err)
}
