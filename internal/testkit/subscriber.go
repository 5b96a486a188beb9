// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hertz-contrib/sse"
)

// Subscriber runs an sse.Client in the background and records the data and IDs of
// the events it receives.
type Subscriber struct {
	mu     sync.Mutex
	data   []string
	ids    []string
	notify chan struct{} // receives a token after every event

	cancel context.CancelFunc
	done   chan struct{} // closed when the subscription has ended; its error is then in err
	err    error
}

// Subscribe starts a subscriber of url and returns once its stream is open. It ends
// when the test does.
func Subscribe(t testing.TB, url string, opts ...sse.ClientOption) *Subscriber {
	t.Helper()
	connected := make(chan struct{}, 1)
	opts = append(opts, sse.WithOnConnect(func(context.Context, *sse.Client) {
		select {
		case connected <- struct{}{}:
		default:
		}
	}))
	c := sse.NewClient(url, opts...)
	s := Run(t, func(ctx context.Context, record func(*sse.Event)) error {
		return c.SubscribeWithContext(ctx, record)
	})
	select {
	case <-connected:
	case <-s.done:
		t.Fatalf("subscription to %s failed: %v", url, s.err)
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for the subscriber of %s to connect", url)
	}
	return s
}

// Run starts loop in the background, recording every event it hands to record, for
// clients that Subscribe does not cover (one that hops between servers, say). loop
// must return once ctx ends; its result is what Err reports. It ends when the test
// does.
func Run(t testing.TB, loop func(ctx context.Context, record func(*sse.Event)) error) *Subscriber {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Subscriber{notify: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.err = loop(ctx, s.add)
	}()
	t.Cleanup(func() {
		s.cancel()
		Within(t, 10*time.Second, s.Done(), "the subscriber to end")
	})
	return s
}

func (s *Subscriber) add(e *sse.Event) {
	s.mu.Lock()
	s.data = append(s.data, string(e.Data))
	s.ids = append(s.ids, e.ID)
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// Data returns the data of the events received so far.
func (s *Subscriber) Data() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.data...)
}

// IDs returns the IDs of the events received so far.
func (s *Subscriber) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ids...)
}

// WaitFor waits until the subscriber has received n events and returns their data.
// It fails the test if the subscription ends first or 30 seconds pass.
func (s *Subscriber) WaitFor(t testing.TB, n int) []string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		if got := s.Data(); len(got) >= n {
			return got
		}
		select {
		case <-s.notify:
		case <-s.done:
			t.Fatalf("subscription ended early: %v (got %d of %d events; %s)", s.err, len(s.Data()), n, s.tail())
		case <-deadline:
			t.Fatalf("timed out after 30s with %d of %d events; %s", len(s.Data()), n, s.tail())
		}
	}
}

// tail says what arrived last, to show where a stream stopped or skipped.
func (s *Subscriber) tail() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	const n = 8
	from := max(len(s.data)-n, 0)
	return fmt.Sprintf("the last received: %q with IDs %q", s.data[from:], s.ids[from:])
}

// Stop ends the subscription and waits for it; it is safe to call more than once.
func (s *Subscriber) Stop() {
	s.cancel()
	<-s.done
}

// Done is closed when the subscription has ended.
func (s *Subscriber) Done() <-chan struct{} { return s.done }

// Err is what Subscribe returned; call it once Done is closed.
func (s *Subscriber) Err() error {
	<-s.done
	return s.err
}
