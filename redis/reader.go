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
//
// On a connection of its own it reads the raw reply and parses it itself, cutting
// every field of a page of entries out of one buffer: a busy stream costs no
// allocation per entry.
type reader struct {
	b *Backend

	node  *goredis.Client // the node that holds the stream, when it could be found
	conn  *goredis.Conn   // a connection of node's, while it works
	id    int64           // conn's CLIENT ID, 0 when it cannot be unblocked
	block time.Duration   // of an XREAD on conn, within the node's read timeout

	entries []entry // the last page, reused for the next
}

// read returns the entries after the ID after, waiting up to the block time for
// some; none when none came. They are valid until the next read.
func (r *reader) read(ctx context.Context, after string) ([]entry, error) {
	if err := r.connect(ctx); err != nil {
		return nil, err
	}
	clear(r.entries)
	r.entries = r.entries[:0]
	var err error
	if r.conn == nil {
		r.entries, err = r.readPool(ctx, after)
	} else {
		cmd := goredis.NewRawCmd(ctx, "XREAD", "COUNT", r.b.opts.pageSize,
			"BLOCK", r.block.Milliseconds(), "STREAMS", r.b.opts.key, after)
		if r.id == 0 {
			err = r.conn.Process(ctx, cmd)
		} else {
			err = r.readUnblockable(ctx, cmd)
		}
		if err == nil {
			raw := cmd.Val()
			r.entries, err = parseXRead(r.entries, raw, string(raw))
		}
	}
	if err != nil {
		r.close() // the connection may be broken: the next read takes a new one
		return nil, err
	}
	return r.entries, nil
}

// readPool reads through the client's pool, for clients the reader cannot take a
// connection of.
func (r *reader) readPool(ctx context.Context, after string) ([]entry, error) {
	streams, err := r.b.client.XRead(ctx, &goredis.XReadArgs{
		Streams: []string{r.b.opts.key, after},
		Count:   int64(r.b.opts.pageSize),
		Block:   r.b.opts.blockTime,
	}).Result()
	if errors.Is(err, goredis.Nil) {
		return r.entries, nil // the block time passed
	}
	if err != nil {
		return r.entries, err
	}
	for _, s := range streams {
		if s.Stream != r.b.opts.key {
			continue
		}
		for _, m := range s.Messages {
			r.entries = append(r.entries, entry{
				id: m.ID, topic: field(m, fieldTopic), event: field(m, fieldEvent),
				data: []byte(field(m, fieldData)), retry: field(m, fieldRetry), prev: field(m, fieldPrev),
			})
		}
	}
	return r.entries, nil
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
	// go-redis extends the read timeout of the XREADs it knows for their block
	// time, not that of a raw command: the block must end within it.
	r.block = r.b.opts.blockTime
	if timeout := r.node.Options().ReadTimeout; timeout > 0 {
		r.block = min(r.block, timeout*3/4)
	}
	r.block = max(r.block, time.Millisecond) // BLOCK 0 would wait for ever
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

// readUnblockable runs the XREAD cmd on r.conn, which CLIENT UNBLOCK ends when ctx
// does.
func (r *reader) readUnblockable(ctx context.Context, cmd goredis.Cmder) error {
	returned := make(chan struct{})
	unblocked := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(unblocked)
		r.unblock(returned)
	})
	err := r.conn.Process(ctx, cmd)
	close(returned)
	if !stop() {
		<-unblocked
	}
	return err
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
