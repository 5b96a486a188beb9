// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

// ServeHub serves hub on /events behind gate, on a server that senses client
// disconnection, and returns the URL. The hub is shut down when the test ends.
func ServeHub(t testing.TB, hub *sse.Hub, gate *Gate) string {
	t.Helper()
	url := StartServer(t, func(h *server.Hertz) {
		h.GET("/events", gate.Middleware(), func(ctx context.Context, c *app.RequestContext) {
			_ = hub.Serve(ctx, c)
		})
	}, server.WithSenseClientDisconnection(true))
	t.Cleanup(func() { _ = hub.Shutdown(context.Background()) })
	return url + "/events"
}

// Traffic is a known run of a Hub and a reconnecting Client, for the tests of what
// they report through sse.Metrics: Live events are broadcast to the client, its
// stream is interrupted, Missed events are broadcast while it is away, it reconnects
// with its Last-Event-ID and the hub replays them, then After more events are
// broadcast live.
type Traffic struct {
	Live, Missed, After int
}

// Total is how many events the run broadcasts.
func (tr Traffic) Total() int { return tr.Live + tr.Missed + tr.After }

// Drive runs the traffic against the hub served at url behind gate, with a Client
// made with opts, and checks that the client received every event once, in order.
// The server must sense client disconnection (server.WithSenseClientDisconnection),
// so that stopping the client ends its handler.
//
// When Drive returns, every report of the run has been made: the hub has reported two
// connections opened and closed (and, to an sse.DurationMetrics, two durations), Total
// events published, Live+After delivered and one replay that recovered Missed events;
// the client one reconnection.
func (tr Traffic) Drive(t testing.TB, hub *sse.Hub, url string, gate *Gate, opts ...sse.ClientOption) {
	t.Helper()
	opts = append([]sse.ClientOption{sse.WithReconnect(sse.ReconnectPolicy{Delay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)
	sub := Subscribe(t, url, opts...)
	sent := 0
	broadcast := func(n int) {
		t.Helper()
		for range n {
			sent++
			if err := hub.Broadcast(context.Background(), &sse.Event{Data: []byte(strconv.Itoa(sent))}); err != nil {
				t.Fatalf("broadcast %d: %v", sent, err)
			}
		}
	}

	broadcast(tr.Live)
	sub.WaitFor(t, tr.Live)
	gate.Interrupt(t)
	broadcast(tr.Missed) // only the history holds these now
	gate.Release()
	sub.WaitFor(t, tr.Live+tr.Missed)
	broadcast(tr.After)
	got := sub.WaitFor(t, tr.Total())

	want := make([]string, tr.Total())
	for i := range want {
		want[i] = strconv.Itoa(i + 1)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the client received %q, want %q", got, want)
	}
	sub.Stop()
	gate.WaitEnded(t, 1) // the second stream's handler
}
