// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// idleWatch interrupts an attempt when nothing at all has arrived on its connection
// for a whole timeout: no response header, no byte of the body. It runs on a timer,
// not a goroutine of its own: the timer is not reset on every read, which would
// cost more than the read; when it fires it checks how long the connection has been
// silent and either interrupts the attempt or waits out the rest.
type idleWatch struct {
	a       *attempt
	timeout time.Duration
	last    atomic.Int64 // when a byte last arrived, in Unix nanoseconds

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

// watchIdle starts watching a, counting from now, or returns nil for a zero timeout.
func watchIdle(a *attempt, timeout time.Duration) *idleWatch {
	if timeout <= 0 {
		return nil
	}
	w := &idleWatch{a: a, timeout: timeout}
	w.last.Store(time.Now().UnixNano())
	w.mu.Lock()
	w.timer = time.AfterFunc(timeout, w.fire)
	w.mu.Unlock()
	return w
}

// body returns r, counting what it reads as signs of life.
func (w *idleWatch) body(r io.Reader) io.Reader {
	if w == nil {
		return r
	}
	return &watchedBody{r: r, w: w}
}

func (w *idleWatch) fire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	if idle := time.Duration(time.Now().UnixNano() - w.last.Load()); idle < w.timeout {
		w.timer.Reset(w.timeout - idle)
		return
	}
	w.a.interrupt(fmt.Errorf("%w: nothing arrived for %v", ErrReadTimeout, w.timeout))
}

// stop ends the watch; once it returns, the watch interrupts nothing.
func (w *idleWatch) stop() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	w.timer.Stop()
}

type watchedBody struct {
	r io.Reader
	w *idleWatch
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if n > 0 {
		b.w.last.Store(time.Now().UnixNano())
	}
	return n, err
}
