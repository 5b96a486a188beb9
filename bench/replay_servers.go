// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"errors"

	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"
)

// replayHistory is how many events every replaying server keeps.
const replayHistory = 20000

// replayStarters maps each library to the function that starts its replaying server.
// Its publish ignores the ID it is given when the library assigns IDs itself.
var replayStarters = map[Library]func() (*fanoutServer, error){
	Ours:         startOursReplay,
	HertzBuiltin: func() (*fanoutServer, error) { return nil, errNoReplay },
	GoSSE:        startGoSSEReplay,
	R3labs:       startR3labsReplay,
	Raw:          startRawReplay,
}

// errNoReplay is the result of a library without replay.
var errNoReplay = errors.New("no replay support")

// startGoSSEReplay serves a go-sse Server whose Joe keeps 20,000 events in a
// FiniteReplayer that assigns IDs.
func startGoSSEReplay() (*fanoutServer, error) {
	replayer, err := gosse.NewFiniteReplayer(replayHistory, true)
	if err != nil {
		return nil, err
	}
	return startGoSSE(&gosse.Joe{Replayer: replayer}, false, "Joe + FiniteReplayer(20000, autoIDs)")
}

// startR3labsReplay serves an r3labs Server with AutoReplay, which keeps every event
// (its log has no bound) and numbers them itself.
func startR3labsReplay() (*fanoutServer, error) {
	rs, tracker := newR3labsServer(true)
	rs.CreateStream("fan")
	srv, err := startHTTP(rs)
	if err != nil {
		rs.Close()
		return nil, err
	}
	return &fanoutServer{
		addr: srv.Addr, path: "/events?stream=fan",
		publish: func(_ string, data []byte) error {
			rs.Publish("fan", &r3.Event{Event: []byte(fanoutType), Data: data})
			return nil
		},
		stop: func() {
			srv.Close()
			tracker.waitGone()
			rs.Close()
		},
		note: "AutoReplay (unbounded log)",
	}, nil
}

// startRawReplay is the ceiling: the history is kept pre-encoded and written to a
// reconnecting subscriber with one writev.
func startRawReplay() (*fanoutServer, error) {
	b, err := newRawBroadcaster()
	if err != nil {
		return nil, err
	}
	b.replay = true
	return &fanoutServer{
		addr: b.ln.Addr().String(), path: "/events",
		publish: func(id string, data []byte) error {
			b.publish(appendTick(nil, id, data))
			return nil
		},
		stop: b.close,
		note: "pre-encoded history, one writev",
	}, nil
}
