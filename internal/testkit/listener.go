// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build linux

package testkit

import (
	"errors"
	"net"
	"sync"
	"syscall"
	"time"
)

// listenNetpoll returns a listener on addr for a Hertz server on the netpoll transport.
//
// netpoll v0.7.2 turns a net.Listener into one of its own with a duplicated
// descriptor and, on shutdown, closes that descriptor twice (syscall.Close, then the
// os.File that holds it). The second close lands on whatever took the number in
// between: in a process that starts and stops servers while others run, as a test
// binary does, it can close another server's listener while that server registers
// it with the poller, and netpoll's Serve then fails, which Hertz answers with
// panic("netpoll server exit"). A listener that is already netpoll's kind is used as
// it is, so this one, which accepts on the net.Listener's own descriptor and closes it
// once, through the net.Listener, keeps the test binary's descriptors its own.
func listenNetpoll(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	raw, err := ln.(*net.TCPListener).SyscallConn()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	var fd int
	if err := raw.Control(func(d uintptr) { fd = int(d) }); err != nil {
		_ = ln.Close()
		return nil, err
	}
	return &pollListener{Listener: ln, fd: fd}, nil
}

// pollListener is a netpoll.Listener over a net.Listener's descriptor.
type pollListener struct {
	net.Listener
	fd int
}

// Fd implements netpoll.Listener.
func (l *pollListener) Fd() int { return l.fd }

// Accept accepts a connection without blocking, as netpoll's poller expects: nil and
// nil when none is waiting.
func (l *pollListener) Accept() (net.Conn, error) {
	fd, sa, err := syscall.Accept4(l.fd, syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC)
	if errors.Is(err, syscall.EAGAIN) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// netpoll sets TCP_NODELAY only on connections it accepted itself.
	_ = syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
	remote := &net.TCPAddr{}
	if in, ok := sa.(*syscall.SockaddrInet4); ok {
		remote = &net.TCPAddr{IP: net.IP(in.Addr[:]).To16(), Port: in.Port}
	}
	return &acceptedConn{fd: fd, local: l.Addr(), remote: remote}, nil
}

// acceptedConn hands an accepted descriptor to netpoll, which copies the descriptor
// and the addresses into a connection of its own and does all further I/O itself.
type acceptedConn struct {
	fd            int
	local, remote net.Addr
	closeOnce     sync.Once
}

func (c *acceptedConn) Fd() int              { return c.fd }
func (c *acceptedConn) LocalAddr() net.Addr  { return c.local }
func (c *acceptedConn) RemoteAddr() net.Addr { return c.remote }

func (c *acceptedConn) Read(p []byte) (int, error)  { return syscall.Read(c.fd, p) }
func (c *acceptedConn) Write(p []byte) (int, error) { return syscall.Write(c.fd, p) }

func (c *acceptedConn) Close() error {
	var err error
	c.closeOnce.Do(func() { err = syscall.Close(c.fd) })
	return err
}

func (c *acceptedConn) SetDeadline(time.Time) error      { return errNoDeadlines }
func (c *acceptedConn) SetReadDeadline(time.Time) error  { return errNoDeadlines }
func (c *acceptedConn) SetWriteDeadline(time.Time) error { return errNoDeadlines }

var errNoDeadlines = errors.New("testkit: an accepted descriptor has no deadlines; netpoll keeps them")
