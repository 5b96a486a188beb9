// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

// startOursFanout serves this package's Hub: one topic, every subscriber on it.
func startOursFanout() (*fanoutServer, error) {
	return startOursHub(sse.NewHub(), "Hub.Serve + Hub.BroadcastTo")
}

// startOursHub serves hub on a Hertz server, every subscriber on one topic.
func startOursHub(hub *sse.Hub, note string) (*fanoutServer, error) {
	const topic = "fan"
	srv, err := startHertz(func(h *server.Hertz) {
		h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
			_ = hub.Serve(ctx, c, topic)
		})
	})
	if err != nil {
		return nil, err
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events",
		publish: func(id string, data []byte) error {
			return hub.BroadcastTo(context.Background(), topic, &sse.Event{ID: id, Event: fanoutType, Data: data})
		},
		stop: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = hub.Shutdown(ctx)
			srv.Close()
		},
		note: note,
	}, nil
}

// startOursReplay serves this package's Hub with a MemoryReplayer of 20,000 events.
func startOursReplay() (*fanoutServer, error) {
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(replayHistory, 0)))
	return startOursHub(hub, "Hub + MemoryReplayer(20000, 0)")
}
