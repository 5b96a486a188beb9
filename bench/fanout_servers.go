// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"
)

// subscriberQueue is the per-subscriber queue of the hand-written broadcasters (Hertz
// built-in and raw): a full queue drops the event for that subscriber.
const subscriberQueue = 64

// startHertzFanout serves Hertz's built-in Writer behind a hand-written broadcaster:
// Hertz has no hub of its own.
func startHertzFanout() (*fanoutServer, error) {
	b := &hertzBroadcaster{subs: map[chan hertzTick]struct{}{}}
	srv, err := startHertz(func(h *server.Hertz) { h.GET("/events", b.serve) })
	if err != nil {
		return nil, err
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events",
		publish: b.publish,
		stop: func() {
			b.close()
			srv.Close()
		},
		note: "hand-written broadcaster: each handler drains a 64-event channel; a full channel drops the event",
	}, nil
}

type hertzTick struct {
	id   string
	data []byte
}

// hertzBroadcaster fans events out to Hertz handlers, one channel per handler.
type hertzBroadcaster struct {
	mu       sync.Mutex
	subs     map[chan hertzTick]struct{}
	closed   bool
	handlers sync.WaitGroup
}

func (b *hertzBroadcaster) serve(_ context.Context, c *app.RequestContext) {
	ch := make(chan hertzTick, subscriberQueue)
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.subs[ch] = struct{}{}
	b.handlers.Add(1)
	b.mu.Unlock()
	defer b.handlers.Done()
	defer b.remove(ch)

	w := hsse.NewWriter(c)
	for t := range ch {
		if err := w.WriteEvent(t.id, fanoutType, t.data); err != nil {
			return
		}
	}
}

func (b *hertzBroadcaster) remove(ch chan hertzTick) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, ch)
}

func (b *hertzBroadcaster) publish(id string, data []byte) error {
	t := hertzTick{id: id, data: data}
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- t:
		default: // full: this subscriber misses the event
		}
	}
	return nil
}

// close ends every handler and waits for them.
func (b *hertzBroadcaster) close() {
	b.mu.Lock()
	b.closed = true
	for ch := range b.subs {
		close(ch)
		delete(b.subs, ch)
	}
	b.mu.Unlock()
	b.handlers.Wait()
}

// startGoSSEFanout serves a go-sse Server with its default provider, Joe.
func startGoSSEFanout() (*fanoutServer, error) {
	return startGoSSE(&gosse.Joe{}, true, "Server + Joe (its loop writes and flushes to each subscriber in turn)")
}

// startGoSSE serves a go-sse Server with joe; withIDs says whether published messages
// carry the given ID, or leave it to joe's replayer.
func startGoSSE(joe *gosse.Joe, withIDs bool, note string) (*fanoutServer, error) {
	gs := &gosse.Server{Provider: joe}
	srv, err := startHTTP(gs)
	if err != nil {
		return nil, err
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events",
		publish: func(id string, data []byte) error {
			m := &gosse.Message{Type: gosse.Type(fanoutType)}
			if withIDs {
				m.ID = gosse.ID(id)
			}
			m.AppendData(string(data))
			return gs.Publish(m)
		},
		stop: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = gs.Shutdown(ctx)
			srv.Close()
		},
		note: note,
	}, nil
}

// startR3labsFanout serves an r3labs Server with one stream and AutoReplay off.
func startR3labsFanout() (*fanoutServer, error) {
	rs, tracker := newR3labsServer(false)
	rs.CreateStream("fan")
	srv, err := startHTTP(rs)
	if err != nil {
		rs.Close()
		return nil, err
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events?stream=fan",
		publish: func(id string, data []byte) error {
			rs.Publish("fan", &r3.Event{ID: []byte(id), Event: []byte(fanoutType), Data: data})
			return nil
		},
		stop: func() {
			srv.Close()
			tracker.waitGone()
			rs.Close()
		},
		note: "Server.Publish, AutoReplay off (its stream loop blocks on a subscriber whose 64-event channel is full)",
	}, nil
}
