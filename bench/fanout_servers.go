// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"

	"github.com/hertz-contrib/sse"
)

// fanoutServer is one library's broadcasting server, as the fan-out and replay
// workloads drive it.
type fanoutServer struct {
	addr, path string
	// publish sends one event to every subscriber.
	publish func(id string, data []byte) error
	// stop ends every stream and the server, and waits for its goroutines.
	stop func()
	note string
}

// replayHistory is how many events every replaying server keeps.
const replayHistory = 20000

// errNoReplay is the result of a library without replay.
var errNoReplay = errors.New("no replay support")

// fanoutStarters maps each library to the function that starts its broadcasting
// server: for the fan-out workload, or with replay for the replay workload, one that
// keeps the last replayHistory events and sends a subscriber that comes back with a
// Last-Event-ID those after it. A replaying server's publish ignores the ID it is
// given when the library assigns IDs itself.
var fanoutStarters = map[library]func(replay bool) (*fanoutServer, error){
	ours:         startOursFanout,
	hertzBuiltin: startHertzFanout,
	goSSE:        startGoSSEFanout,
	r3labs:       startR3labsFanout,
	rawTCP:       startRawFanout,
}

// startOursFanout serves this package's Hub, every subscriber on one topic; with
// replay, the Hub keeps a MemoryReplayer of replayHistory events.
func startOursFanout(replay bool) (*fanoutServer, error) {
	const topic = "fan"
	hub, note := sse.NewHub(), "Hub.Serve + Hub.BroadcastTo"
	if replay {
		hub, note = sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(replayHistory, 0))), "Hub + MemoryReplayer(20000, 0)"
	}
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
			shutdown(hub.Shutdown)
			srv.Close()
		},
		note: note,
	}, nil
}

// shutdown calls a Shutdown method with 10 seconds to finish.
func shutdown(f func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = f(ctx)
}

// subscriberQueue is the per-subscriber queue of the hand-written broadcasters (Hertz
// built-in and raw): a full queue drops the event for that subscriber.
const subscriberQueue = 64

// startHertzFanout serves Hertz's built-in Writer behind a hand-written broadcaster:
// Hertz has no hub of its own, and no replay.
func startHertzFanout(replay bool) (*fanoutServer, error) {
	if replay {
		return nil, errNoReplay
	}
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

// startGoSSEFanout serves a go-sse Server with its default provider, Joe; with
// replay, Joe keeps replayHistory events in a FiniteReplayer that assigns IDs.
func startGoSSEFanout(replay bool) (*fanoutServer, error) {
	joe, note := &gosse.Joe{}, "Server + Joe (its loop writes and flushes to each subscriber in turn)"
	if replay {
		replayer, err := gosse.NewFiniteReplayer(replayHistory, true)
		if err != nil {
			return nil, err
		}
		joe, note = &gosse.Joe{Replayer: replayer}, "Joe + FiniteReplayer(20000, autoIDs)"
	}
	gs := &gosse.Server{Provider: joe}
	srv, err := startHTTP(gs)
	if err != nil {
		return nil, err
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events",
		publish: func(id string, data []byte) error {
			m := &gosse.Message{Type: gosse.Type(fanoutType)}
			if !replay {
				m.ID = gosse.ID(id)
			}
			m.AppendData(string(data))
			return gs.Publish(m)
		},
		stop: func() {
			shutdown(gs.Shutdown)
			srv.Close()
		},
		note: note,
	}, nil
}

// startR3labsFanout serves an r3labs Server with one stream and AutoReplay off; with
// replay, AutoReplay on, which keeps every event (its log has no bound) and numbers
// them itself.
func startR3labsFanout(replay bool) (*fanoutServer, error) {
	rs, tracker := newR3labsServer(replay)
	rs.CreateStream("fan")
	srv, err := startHTTP(rs)
	if err != nil {
		rs.Close()
		return nil, err
	}
	note := "Server.Publish, AutoReplay off (its stream loop blocks on a subscriber whose 64-event channel is full)"
	if replay {
		note = "AutoReplay (unbounded log)"
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events?stream=fan",
		publish: func(id string, data []byte) error {
			e := &r3.Event{Event: []byte(fanoutType), Data: data}
			if !replay {
				e.ID = []byte(id)
			}
			rs.Publish("fan", e)
			return nil
		},
		stop: func() {
			srv.Close()
			tracker.waitGone()
			rs.Close()
		},
		note: note,
	}, nil
}
