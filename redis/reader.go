// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"errors"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// How a reader unblocks its XREAD when its context ends.
const (
	unblockTimeout = time.Second          // for all the CLIENT UNBLOCK attempts together
	unblockRetry   = 5 * time.Millisecond // before trying again an XREAD that had not blocked yet
)

// reader runs the blocking XREADs of one Listen loop.
//
// go-redis does not interrupt a command when its context ends, so a blocking XREAD
// would hold Listen for up to the block time. Where it can, the reader therefore
// reads on a connection of its own and, when the context ends, unblocks the XREAD
// with CLIENT UNBLOCK from another connection. Where it cannot (a Ring or another
// client, or an ACL that forbids CLIENT), it reads through the client's pool and the
// end of the context is noticed within the block time.
type reader struct {
	b *Backend

	node *goredis.Client // the node that holds the stream, when it could be found
	conn *goredis.Conn   // a connection of node's, while it works
	id   int64           // conn's CLIENT ID, 0 when it cannot be unblocked
}

// read returns the entries after the ID after, waiting up to the block time for
// some; nil when none came.
func (r *reader) read(ctx context.Context, after string) ([]goredis.XMessage, error) {
	if err := r.connect(ctx); err != nil {
		return nil, err
	}
	args := &goredis.XReadArgs{
		Streams: []string{r.b.opts.key, after},
		Count:   int64(r.b.opts.pageSize),
		Block:   r.b.opts.blockTime,
	}
	var streams []goredis.XStream
	var err error
	switch {
	case r.conn == nil:
		streams, err = r.b.client.XRead(ctx, args).Result()
	case r.id == 0:
		streams, err = r.conn.XRead(ctx, args).Result()
	default:
		streams, err = r.readUnblockable(ctx, args)
	}
	if errors.Is(err, goredis.Nil) {
		return nil, nil // the block time passed, or CLIENT UNBLOCK ended the wait
	}
	if err != nil {
		r.close() // the connection may be broken: the next read takes a new one
		return nil, err
	}
	for _, s := range streams {
		if s.Stream == r.b.opts.key {
			return s.Messages, nil
		}
	}
	return nil, nil
}

// connect finds the connection to read on, if there is none yet.
func (r *reader) connect(ctx context.Context) error {
	if r.conn != nil {
		return nil
	}
	switch c := r.b.client.(type) {
	case *goredis.Client:
		r.node = c
	case interface {
		MasterForKey(context.Context, string) (*goredis.Client, error)
	}:
		node, err := c.MasterForKey(ctx, r.b.opts.key)
		if err != nil {
			return err
		}
		r.node = node
	default:
		return nil // read through the pool
	}
	conn := r.node.Conn()
	id, err := conn.ClientID(ctx).Result()
	var redisErr goredis.Error
	switch {
	case err == nil:
		r.id = id
	case errors.As(err, &redisErr):
		r.id = 0 // Redis refused CLIENT ID: read on conn all the same, without unblocking
	default:
		_ = conn.Close()
		return err
	}
	r.conn = conn
	return nil
}

// readUnblockable runs an XREAD on r.conn that CLIENT UNBLOCK ends when ctx does.
func (r *reader) readUnblockable(ctx context.Context, args *goredis.XReadArgs) ([]goredis.XStream, error) {
	returned := make(chan struct{})
	unblocked := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(unblocked)
		r.unblock(returned)
	})
	streams, err := r.conn.XRead(ctx, args).Result()
	close(returned)
	if !stop() {
		<-unblocked
	}
	return streams, err
}

// unblock ends the XREAD of r.conn, trying again while that XREAD has not reached
// Redis yet, until it has returned.
func (r *reader) unblock(returned <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), unblockTimeout)
	defer cancel()
	retry := time.NewTimer(unblockRetry)
	defer retry.Stop()
	for {
		n, err := r.node.ClientUnblock(ctx, r.id).Result()
		if err != nil || n == 1 {
			return // unblocked, or Redis is gone and the XREAD fails by itself
		}
		retry.Reset(unblockRetry)
		select {
		case <-returned:
			return
		case <-ctx.Done():
			return
		case <-retry.C:
		}
	}
}

// close gives the connection back.
func (r *reader) close() {
	if r.conn != nil {
		_ = r.conn.Close()
	}
	r.node, r.conn, r.id = nil, nil, 0
}
