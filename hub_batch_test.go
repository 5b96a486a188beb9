// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// batchBroadcaster is a Broadcaster in memory that hands back what was published in
// the batches the test releases, as one read of a real backend would.
type batchBroadcaster struct {
	*sse.MemoryReplayer
	batches chan []sse.TopicEvent
	mu      sync.Mutex
	pending []sse.TopicEvent
}

func newBatchBroadcaster() *batchBroadcaster {
	return &batchBroadcaster{MemoryReplayer: sse.NewMemoryReplayer(0, 0), batches: make(chan []sse.TopicEvent)}
}

func (b *batchBroadcaster) Publish(ctx context.Context, topic string, e *sse.Event) error {
	if err := b.Store(ctx, topic, e); err != nil {
		return err
	}
	stored := *e
	b.mu.Lock()
	b.pending = append(b.pending, sse.TopicEvent{Topic: topic, Event: &stored})
	b.mu.Unlock()
	return nil
}

// release hands back everything published since the last release, as one batch.
func (b *batchBroadcaster) release(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	batch := b.pending
	b.pending = nil
	b.mu.Unlock()
	select {
	case b.batches <- batch:
	case <-time.After(10 * time.Second):
		t.Fatal("the hub does not listen")
	}
}

func (b *batchBroadcaster) ListenBatch(ctx context.Context, deliver func([]sse.TopicEvent)) error {
	for {
		select {
		case batch := <-b.batches:
			deliver(batch)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (b *batchBroadcaster) Listen(ctx context.Context, deliver func(string, *sse.Event)) error {
	return b.ListenBatch(ctx, func(batch []sse.TopicEvent) {
		for _, te := range batch {
			deliver(te.Topic, te.Event)
		}
	})
}

// oneAtATime hides ListenBatch: the hub must fall back to Listen.
type oneAtATime struct{ *batchBroadcaster }

func (o oneAtATime) Listen(ctx context.Context, deliver func(string, *sse.Event)) error {
	return o.batchBroadcaster.Listen(ctx, deliver)
}

var _ sse.BatchListener = (*batchBroadcaster)(nil)

// writes records every Write of a Stream.
type writes struct {
	mu     sync.Mutex
	calls  [][]byte
	notify chan struct{}
}

func newWrites() *writes { return &writes{notify: make(chan struct{}, 1)} }

func (w *writes) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.calls = append(w.calls, bytes.Clone(p))
	w.mu.Unlock()
	select {
	case w.notify <- struct{}{}:
	default:
	}
	return len(p), nil
}

// waitFor waits until the writes hold want, and returns how many writes it took.
func (w *writes) waitFor(t *testing.T, want []byte) int {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		w.mu.Lock()
		got, n := bytes.Join(w.calls, nil), len(w.calls)
		w.mu.Unlock()
		if len(got) >= len(want) {
			assert.DeepEqual(t, string(want), string(got))
			return n
		}
		select {
		case <-w.notify:
		case <-timeout:
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

// wire returns the wire form of events.
func wire(t *testing.T, events ...*sse.Event) []byte {
	t.Helper()
	var b []byte
	for _, e := range events {
		var err error
		b, err = e.AppendText(b)
		assert.Nil(t, err)
	}
	return b
}

// TestHubDeliversABatchInOnePass: the events a BatchListener hands over at once reach
// each client in one write, each client only those of its topics, in order.
func TestHubDeliversABatchInOnePass(t *testing.T) {
	for _, batched := range []bool{true, false} {
		t.Run(fmt.Sprint("batched=", batched), func(t *testing.T) {
			b := newBatchBroadcaster()
			var broadcaster sse.Broadcaster = b
			if !batched {
				broadcaster = oneAtATime{b}
			}
			metrics := newCountingMetrics()
			hub := sse.NewHub(sse.WithBroadcaster(broadcaster), sse.WithHubMetrics(metrics), sse.WithHubHeartbeat(-1))
			t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
			clients := map[string]*writes{"a": newWrites(), "b": newWrites(), "a+b": newWrites(), "none": newWrites()}
			topics := map[string][]string{"a": {"a"}, "b": {"b"}, "a+b": {"a", "b"}, "none": nil}
			for name, w := range clients {
				assert.Nil(t, hub.Register(sse.NewStreamWithWriter(w), topics[name]...))
			}

			want := map[string][]*sse.Event{}
			for i := range 30 {
				topic := []string{"a", "b", ""}[i%3]
				assert.Nil(t, hub.BroadcastTo(context.Background(), topic, &sse.Event{Data: []byte(fmt.Sprint(topic, i))}))
			}
			b.mu.Lock()
			for _, te := range b.pending {
				for name, ts := range topics {
					if te.Topic == "" || slices.Contains(ts, te.Topic) {
						want[name] = append(want[name], te.Event)
					}
				}
			}
			b.mu.Unlock()
			b.release(t)
			for name, w := range clients {
				n := w.waitFor(t, wire(t, want[name]...))
				if batched {
					assert.DeepEqual(t, 1, n) // one wake-up, one write, for the whole batch
				}
			}
			// The hub counts an event as published once it has handed it to the writers,
			// and a writer counts it as delivered once its write has returned: either may
			// be just after the client saw it.
			const delivered = 20 + 20 + 30 + 10 // a, b, a+b, and none: each gets the events for everyone
			testkit.WaitUntil(t, "the events to be counted", func() bool {
				metrics.mu.Lock()
				defer metrics.mu.Unlock()
				return metrics.published >= 30 && metrics.delivered >= delivered
			})
			metrics.mu.Lock()
			defer metrics.mu.Unlock()
			assert.DeepEqual(t, 30, metrics.published)
			assert.DeepEqual(t, delivered, metrics.delivered)
		})
	}
}

// storeEach stores the events of batch with r one at a time, in order, and stops at
// the first failure, as a BatchStorer may.
func storeEach(ctx context.Context, r sse.Replayer, batch []sse.TopicEvent) (int, error) {
	for i, te := range batch {
		if err := r.Store(ctx, te.Topic, te.Event); err != nil {
			return i, err
		}
	}
	return len(batch), nil
}

// storingHub returns a hub on r, without heartbeats, and the writes of its one client,
// of topic "t"; the hub is shut down when the test ends.
func storingHub(t *testing.T, r sse.Replayer) (*sse.Hub, *writes) {
	t.Helper()
	hub := sse.NewHub(sse.WithReplayer(r), sse.WithHubHeartbeat(-1))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	w := newWrites()
	assert.Nil(t, hub.Register(sse.NewStreamWithWriter(w), "t"))
	return hub, w
}

// broadcastAsync broadcasts data to topic "t" of hub in the background, and returns
// where its result will come.
func broadcastAsync(ctx context.Context, hub *sse.Hub, data string) <-chan error {
	done := make(chan error, 1)
	go func() { done <- hub.BroadcastTo(ctx, "t", &sse.Event{Data: []byte(data)}) }()
	return done
}

// gatedStorer is a BatchStorer whose StoreBatch waits for gate to be closed, the
// first time, and records the size of every batch.
type gatedStorer struct {
	*sse.MemoryReplayer
	entered chan struct{}
	gate    chan struct{}
	once    sync.Once
	mu      sync.Mutex
	sizes   []int
}

func (g *gatedStorer) StoreBatch(ctx context.Context, batch []sse.TopicEvent) (int, error) {
	g.once.Do(func() {
		g.entered <- struct{}{}
		<-g.gate
	})
	g.mu.Lock()
	g.sizes = append(g.sizes, len(batch))
	g.mu.Unlock()
	return storeEach(ctx, g.MemoryReplayer, batch)
}

// TestHubGroupsBroadcastsForABatchStorer: broadcasts that arrive while a batch is
// being stored wait, without the hub's lock held, and are stored together in the next
// batch; one whose ctx ends meanwhile returns ctx.Err() and is never stored; clients
// receive everything stored, in the order of the IDs.
func TestHubGroupsBroadcastsForABatchStorer(t *testing.T) {
	storer := &gatedStorer{MemoryReplayer: sse.NewMemoryReplayer(0, 0), entered: make(chan struct{}, 1), gate: make(chan struct{})}
	hub, w := storingHub(t, storer)

	first := broadcastAsync(context.Background(), hub, "first")
	testkit.Within(t, 5*time.Second, storer.entered, "the first batch to be stored")
	const queued = 20
	results := make([]<-chan error, queued)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range queued {
		bctx := context.Background()
		if i == 7 {
			bctx = ctx
		}
		testkit.WaitUntil(t, "the broadcast before to queue", func() bool { return sse.QueuedBroadcasts(hub) == i })
		results[i] = broadcastAsync(bctx, hub, fmt.Sprint("q", i))
	}
	testkit.WaitUntil(t, "every broadcast to queue", func() bool { return sse.QueuedBroadcasts(hub) == queued })
	// The hub's lock is free while the Replayer stores.
	assert.DeepEqual(t, 1, hub.ConnectionCount())
	cancel()
	err := testkit.Within(t, 5*time.Second, results[7], "the cancelled broadcast")
	assert.Assert(t, errors.Is(err, context.Canceled), err)

	close(storer.gate)
	assert.Nil(t, testkit.Within(t, 5*time.Second, first, "the first broadcast"))
	want := []*sse.Event{{Data: []byte("first")}}
	for i := range queued {
		if i == 7 {
			continue
		}
		assert.Nil(t, testkit.Within(t, 5*time.Second, results[i], "a queued broadcast"))
		want = append(want, &sse.Event{Data: []byte(fmt.Sprint("q", i))})
	}
	var stored []*sse.Event
	_, err = storer.Replay(context.Background(), "", []string{"t"}, func(e *sse.Event) error {
		stored = append(stored, e)
		return nil
	})
	assert.Nil(t, err)
	assert.DeepEqual(t, len(want), len(stored))
	for i := range want {
		assert.DeepEqual(t, string(want[i].Data), string(stored[i].Data))
		want[i].ID = stored[i].ID
	}
	w.waitFor(t, wire(t, want...))
	storer.mu.Lock()
	defer storer.mu.Unlock()
	assert.DeepEqual(t, []int{1, queued - 1}, storer.sizes)
}

// gatedStore is a Replayer whose Store waits for gate to be closed.
type gatedStore struct {
	*sse.MemoryReplayer
	entered chan struct{}
	gate    chan struct{}
}

func (g *gatedStore) Store(ctx context.Context, topic string, e *sse.Event) error {
	g.entered <- struct{}{}
	<-g.gate
	return g.MemoryReplayer.Store(ctx, topic, e)
}

// TestHubStoresOutsideItsLock: while a Replayer's Store waits, clients still join,
// leave and are counted.
func TestHubStoresOutsideItsLock(t *testing.T) {
	r := &gatedStore{MemoryReplayer: sse.NewMemoryReplayer(0, 0), entered: make(chan struct{}, 1), gate: make(chan struct{})}
	hub, w := storingHub(t, r)
	done := broadcastAsync(context.Background(), hub, "x")
	testkit.Within(t, 5*time.Second, r.entered, "Store to be called")
	other := sse.NewStreamWithWriter(newWrites())
	assert.Nil(t, hub.Register(other, "t"))
	assert.DeepEqual(t, 2, hub.ConnectionCount())
	assert.Nil(t, hub.Unregister(other))
	close(r.gate)
	assert.Nil(t, testkit.Within(t, 5*time.Second, done, "the broadcast"))
	id, err := r.LastID(context.Background())
	assert.Nil(t, err)
	w.waitFor(t, wire(t, &sse.Event{ID: id, Data: []byte("x")}))
}

// batchStorer is a MemoryReplayer that stores in batches, so that a hub with it
// groups its broadcasts, and records the largest batch. Storing takes a moment, as a
// round trip would: it yields to the broadcasting goroutines a few times, until one
// waits for the next batch.
type batchStorer struct {
	*sse.MemoryReplayer
	hub     *sse.Hub
	mu      sync.Mutex
	largest int
}

func (b *batchStorer) StoreBatch(ctx context.Context, batch []sse.TopicEvent) (int, error) {
	for i := 0; i < 100 && sse.QueuedBroadcasts(b.hub) == 0; i++ {
		runtime.Gosched()
	}
	b.mu.Lock()
	b.largest = max(b.largest, len(batch))
	b.mu.Unlock()
	return storeEach(ctx, b.MemoryReplayer, batch)
}

// TestHubExactlyOnceUnderChaosWithBatches: broadcasts come from several goroutines at
// once and are stored in batches while clients are cut off at random moments and
// reconnect; each ends with every event of its topics exactly once, in the order of
// the history.
func TestHubExactlyOnceUnderChaosWithBatches(t *testing.T) {
	const topics, perTopic, everyone, clients = 4, 200, 50, 12
	replayer := &batchStorer{MemoryReplayer: sse.NewMemoryReplayer(0, 0)}
	metrics := newCountingMetrics()
	hub := sse.NewHub(sse.WithReplayer(replayer), sse.WithQueueSize(32), sse.WithHubHeartbeat(10*time.Millisecond), sse.WithHubMetrics(metrics))
	replayer.hub = hub
	cutter, subs := churnClients(t, hub, clients, topics)

	// In each round every goroutine broadcasts a few events at once, and a client
	// is cut off meanwhile.
	const rounds = 40
	for r := range rounds {
		var wg sync.WaitGroup
		broadcast := func(topic string, n int) {
			defer wg.Done()
			for i := range n {
				data := fmt.Sprint(topic, "-", r, "-", i)
				if err := hub.BroadcastTo(context.Background(), topic, &sse.Event{Data: []byte(data)}); err != nil {
					t.Error(err)
				}
			}
		}
		for tp := range topics {
			wg.Add(1)
			go broadcast(fmt.Sprint("t", tp), perTopic/rounds)
		}
		wg.Add(1)
		go broadcast("", everyone/rounds+1)
		cutter.Cut(t)
		wg.Wait()
	}
	replayer.mu.Lock()
	batched := replayer.largest
	replayer.mu.Unlock()
	assert.Assert(t, batched > 1, "no broadcasts were stored together", batched)
	metrics.mu.Lock()
	replays := metrics.replays
	metrics.mu.Unlock()
	assert.Assert(t, replays > clients, "too few reconnections to prove anything", replays)

	for i, s := range subs {
		var want []string
		_, err := replayer.Replay(context.Background(), "", []string{fmt.Sprint("t", i%topics)}, func(e *sse.Event) error {
			want = append(want, string(e.Data))
			return nil
		})
		assert.Nil(t, err)
		assert.DeepEqual(t, perTopic+rounds*(everyone/rounds+1), len(want))
		assert.DeepEqual(t, want, s.WaitFor(t, len(want)))
	}
}

// TestHubDeliversABatchOfManyTopics: a batch whose events go to many topics reaches
// each client once, with the events of its topic only.
func TestHubDeliversABatchOfManyTopics(t *testing.T) {
	const topics = 100
	b := newBatchBroadcaster()
	hub := sse.NewHub(sse.WithBroadcaster(b), sse.WithHubHeartbeat(-1))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	clients := make([]*writes, topics)
	for i := range clients {
		clients[i] = newWrites()
		assert.Nil(t, hub.Register(sse.NewStreamWithWriter(clients[i]), fmt.Sprint("t", i)))
	}
	for round := range 2 {
		for i := range topics {
			assert.Nil(t, hub.BroadcastTo(context.Background(), fmt.Sprint("t", i), &sse.Event{Data: []byte(fmt.Sprint(round))}))
		}
	}
	b.mu.Lock()
	want := make([][]*sse.Event, topics)
	for i, te := range b.pending {
		want[i%topics] = append(want[i%topics], te.Event)
	}
	b.mu.Unlock()
	b.release(t)
	for i, w := range clients {
		assert.DeepEqual(t, 1, w.waitFor(t, wire(t, want[i]...)))
	}
}
