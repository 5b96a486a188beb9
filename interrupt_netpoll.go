// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build !windows

package sse

import (
	"syscall"

	"github.com/cloudwego/hertz/pkg/network"
	hertznetpoll "github.com/cloudwego/hertz/pkg/network/netpoll"
	"github.com/cloudwego/netpoll"
)

// netpollWaker reports whether conn is a connection of Hertz's netpoll transport
// and, if so, how to wake its reader and how to learn that it closed.
//
// The reader is woken by shutting the socket down: the poller sees a hang-up and
// wakes the reader with an end of stream, and on a dialled connection it leaves the
// buffers alone until the reader closes the connection. netpoll runs close callbacks
// before it closes the descriptor, so a caller that stops waking in onClose never
// shuts down a descriptor that was closed and reused.
func netpollWaker(conn network.Conn) (wake func(), onClose func(func()), ok bool) {
	hc, ok := conn.(*hertznetpoll.Conn)
	if !ok {
		return nil, nil, false
	}
	nc, ok := hc.Conn.(interface {
		Fd() int
		AddCloseCallback(netpoll.CloseCallback) error
	})
	if !ok {
		return nil, nil, false
	}
	fd := nc.Fd()
	wake = func() { _ = syscall.Shutdown(fd, syscall.SHUT_RDWR) }
	onClose = func(fn func()) {
		_ = nc.AddCloseCallback(func(netpoll.Connection) error {
			fn()
			return nil
		})
	}
	return wake, onClose, true
}
