// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"fmt"

	"github.com/hertz-contrib/sse"
)

// journal is a Replayer that stores many events in one step, as one round trip to a
// database would: a Hub hands it every broadcast that queued up while it stored the
// previous batch.
type journal struct {
	*sse.MemoryReplayer
}

func (j journal) StoreBatch(ctx context.Context, batch []sse.TopicEvent) (int, error) {
	for i, te := range batch {
		if err := j.Store(ctx, te.Topic, te.Event); err != nil {
			return i, err // batch[:i] are stored, the rest are not
		}
	}
	return len(batch), nil
}

func ExampleBatchStorer() {
	history := journal{sse.NewMemoryReplayer(1000, 0)}
	hub := sse.NewHub(sse.WithReplayer(history))
	defer hub.Shutdown(context.Background())
	for _, headline := range []string{"first", "second"} {
		_ = hub.BroadcastTo(context.Background(), "news", &sse.Event{Event: "headline", Data: []byte(headline)})
	}
	// What a client reconnecting with an old Last-Event-ID would be sent first.
	_, _ = history.Replay(context.Background(), "", []string{"news"}, func(e *sse.Event) error {
		fmt.Println(e.Event, string(e.Data))
		return nil
	})
	// Output:
	// headline first
	// headline second
}
