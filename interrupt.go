// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"sync"

	"github.com/cloudwego/hertz/pkg/network"
)

// attempt is one request of a subscription: the connection it runs on, once known,
// and why it was interrupted, once it is.
//
// Only the goroutine that reads a connection may close it: netpoll frees a
// connection's buffers when it closes, and a read in progress on another goroutine
// then touches freed memory. So an interruption (the caller's ctx ending, a read
// timeout) never closes the connection; it wakes the reader, which then sees the
// cause, stops and closes the connection itself.
type attempt struct {
	mu    sync.Mutex
	cause error    // why the attempt was interrupted; nil while it runs
	conn  *binding // the connection to wake, nil until dialled and after it closed
}

// binding is the tie between an attempt and one connection.
type binding struct {
	wake func() // makes a read blocked on the connection return; never blocks
}

// interrupt records cause, unless an earlier one is recorded, and wakes a read in
// progress on the attempt's connection. It never blocks.
func (a *attempt) interrupt(cause error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cause != nil {
		return
	}
	a.cause = cause
	if a.conn != nil {
		a.conn.wake()
	}
}

// interrupted returns the cause recorded by interrupt, or nil.
func (a *attempt) interrupted() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cause
}

// bind ties conn to the attempt, so that interrupt wakes its reader. It returns the
// binding, for unbind, or the cause if the attempt was interrupted already.
func (a *attempt) bind(wake func()) (*binding, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cause != nil {
		return nil, a.cause
	}
	a.conn = &binding{wake: wake}
	return a.conn, nil
}

// unbind forgets b once its connection is closed: its descriptor may belong to
// another connection from then on, and must never be woken again.
func (a *attempt) unbind(b *binding) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn == b {
		a.conn = nil
	}
}

// release stops the attempt from waking its connection: the reader is done with
// it and is about to close it.
func (a *attempt) release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.conn = nil
}

// attemptKey carries the attempt in the context of its request, from Subscribe to
// the dialler of a Hertz client made by [NewHertzClient].
type attemptKey struct{}

func withAttempt(ctx context.Context, a *attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

func attemptOf(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

// bindConn ties conn to a, choosing how to wake its reader: on netpoll, a shutdown
// of the socket (see netpollWaker); on any other connection, Close, which net.Conn
// defines as safe while another goroutine reads. It returns the cause if a was
// interrupted already; the caller then closes conn.
func bindConn(a *attempt, conn network.Conn) error {
	wake, onClose, isNetpoll := netpollWaker(conn)
	if !isNetpoll {
		wake = func() { _ = conn.Close() }
	}
	b, err := a.bind(wake)
	if err != nil {
		return err
	}
	if isNetpoll {
		onClose(func() { a.unbind(b) })
	}
	return nil
}
