// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "sync"

// maxBatch is how many bytes a batching Stream lets wait before Publish blocks.
const maxBatch = 64 << 10

// batcher is the write-behind of a Stream made with WithBatching: writes append to
// pending under the Stream's lock, and one goroutine sends whatever has piled up with
// one write and one flush. Its fields are guarded by the Stream's lock.
type batcher struct {
	pending, spare []byte
	wake           chan struct{} // holds a token when there is news for the writer
	room           sync.Cond     // signalled when pending has been taken
	done           chan struct{} // closed when the writer has returned
	stopping       bool
}

func (s *Stream) startBatching() {
	b := &batcher{wake: make(chan struct{}, 1), done: make(chan struct{})}
	b.room.L = &s.mu
	s.batch = b
	go s.writeBatches()
}

// queueLocked adds p to what the writer sends next, waiting while maxBatch bytes are
// already waiting, so that a publisher faster than the client is held back instead of
// piling up memory.
func (b *batcher) queueLocked(s *Stream, p []byte) error {
	for len(b.pending) > 0 && len(b.pending)+len(p) > maxBatch && s.err == nil && !b.stopping {
		b.room.Wait()
	}
	if s.err != nil {
		return s.err
	}
	if b.stopping {
		return ErrStreamClosed
	}
	b.pending = append(b.pending, p...)
	b.notify()
	return nil
}

func (b *batcher) notify() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// stopLocked asks the writer to send what is pending and return.
func (b *batcher) stopLocked() {
	b.stopping = true
	b.room.Broadcast()
	b.notify()
}

// writeBatches is the writer goroutine. It returns once stopped with nothing left to
// send, or after the first failed write.
func (s *Stream) writeBatches() {
	b := s.batch
	defer close(b.done)
	for {
		s.mu.Lock()
		for len(b.pending) == 0 && !b.stopping {
			s.mu.Unlock()
			<-b.wake
			s.mu.Lock()
		}
		if len(b.pending) == 0 {
			s.mu.Unlock()
			return
		}
		batch := b.pending
		b.pending = b.spare[:0]
		s.mu.Unlock()

		_, err := s.w.Write(batch)
		if err == nil {
			err = s.w.Flush()
		}

		s.mu.Lock()
		if cap(batch) <= 2*maxBatch {
			b.spare = batch[:0]
		}
		if err != nil {
			_ = s.failLocked(err)
		} else {
			s.heartbeat.wrote()
		}
		b.room.Broadcast()
		s.mu.Unlock()
		if err != nil {
			return
		}
	}
}
