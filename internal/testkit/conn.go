// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"time"

	"github.com/hertz-contrib/sse"
)

// NopConn is an sse.Connection that accepts everything and sends nothing. Test
// connections embed it and define only the methods they watch.
type NopConn struct{}

// Publish does nothing.
func (NopConn) Publish(*sse.Event) error { return nil }

// SendComment does nothing.
func (NopConn) SendComment(string) error { return nil }

// SetRetry does nothing.
func (NopConn) SetRetry(time.Duration) error { return nil }

// Close does nothing.
func (NopConn) Close() error { return nil }

// BlockingConn is an sse.Connection whose Publish sends on Entered, then blocks until
// Release is closed, as a write to a client that reads nothing does.
type BlockingConn struct {
	NopConn
	Entered chan<- struct{}
	Release <-chan struct{}
}

// Publish says it was called, then waits for Release.
func (c *BlockingConn) Publish(*sse.Event) error {
	c.Entered <- struct{}{}
	<-c.Release
	return nil
}
