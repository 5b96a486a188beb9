// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
)

func TestBatchingStreamDeliversEverythingInOrder(t *testing.T) {
	const writers, perWriter = 4, 2000
	url := serveConcurrentPublishes(t, writers, perWriter, sse.WithBatching())
	receiveInOrder(t, sse.NewClient(url+"/sse"), writers, perWriter)
}

// serveConcurrentPublishes serves, on /sse, a stream with opts on which writers
// goroutines each publish perWriter events at once: event i of writer w has the ID
// "w-i" and i%300 bytes of data. It returns the server's URL.
func serveConcurrentPublishes(t *testing.T, writers, perWriter int, opts ...sse.StreamOption) string {
	t.Helper()
	return serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, opts...)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range perWriter {
					e := &sse.Event{ID: fmt.Sprintf("%d-%d", w, i), Data: []byte(strings.Repeat("d", i%300))}
					if err := s.Publish(e); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		// Returning closes the stream, which first sends what is still queued.
	})
}

// receiveInOrder subscribes with c to a stream of serveConcurrentPublishes and checks
// that every event arrives, undamaged and in the order its writer published it.
func receiveInOrder(t *testing.T, c *sse.Client, writers, perWriter int) {
	t.Helper()
	next := make([]int, writers)
	n := 0
	err := c.Subscribe(func(e *sse.Event) {
		var w, i int
		_, _ = fmt.Sscanf(e.ID, "%d-%d", &w, &i)
		if i != next[w] || len(e.Data) != i%300 {
			t.Errorf("event %s out of order or damaged", e.ID)
		}
		next[w]++
		n++
	})
	assert.Nil(t, err)
	assert.DeepEqual(t, writers*perWriter, n)
}

// failingWriter accepts n writes, then fails.
type failingWriter struct {
	mu sync.Mutex
	n  int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n == 0 {
		return 0, errors.New("connection reset")
	}
	w.n--
	return len(p), nil
}

func TestBatchingStreamReportsWriteErrors(t *testing.T) {
	s := sse.NewStreamWithWriter(&failingWriter{n: 1}, sse.WithBatching())
	var err error
	for i := 0; i < 100_000 && err == nil; i++ {
		err = s.Publish(&sse.Event{Data: []byte("x")})
	}
	assert.Assert(t, err != nil && strings.Contains(err.Error(), "connection reset"), err)
	assert.Nil(t, s.Close())
	assert.Assert(t, s.Publish(&sse.Event{}) != nil)
}

func TestBatchingStreamCloseSendsWhatIsQueued(t *testing.T) {
	r, w := io.Pipe()
	s := sse.NewStreamWithWriter(w, sse.WithBatching())
	read := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(r)
		read <- string(b)
	}()
	for i := range 3 {
		assert.Nil(t, s.Publish(&sse.Event{Data: []byte(fmt.Sprint(i))}))
	}
	assert.Nil(t, s.Close())
	_ = w.Close()
	assert.DeepEqual(t, "data: 0\n\ndata: 1\n\ndata: 2\n\n", <-read)
	assert.Assert(t, errors.Is(s.Publish(&sse.Event{}), sse.ErrStreamClosed))
}

// TestConcurrentPublishAndClose: publishers racing Close never panic and get either
// success or ErrStreamClosed, with or without batching.
func TestConcurrentPublishAndClose(t *testing.T) {
	for _, opts := range [][]sse.StreamOption{nil, {sse.WithBatching()}, {sse.WithHeartbeat(time.Microsecond)}} {
		s := sse.NewStreamWithWriter(io.Discard, opts...)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 500 {
					if err := s.Publish(&sse.Event{Data: []byte("x")}); err != nil && !errors.Is(err, sse.ErrStreamClosed) {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Go(func() { _ = s.Close() })
		wg.Wait()
		assert.Assert(t, errors.Is(s.Publish(&sse.Event{}), sse.ErrStreamClosed))
	}
}
