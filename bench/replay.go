// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// replayOptions sizes the replay workload.
type replayOptions struct {
	Missed int // events published while the subscriber is away (10,000 if zero)
	Runs   int // runs per library, each on a fresh server; the median is reported (7 if zero)
}

// replayResult is one library's time from reconnecting with Last-Event-ID to the
// first live event, with every missed event replayed before it.
type replayResult struct {
	Library  library
	Median   time.Duration // from the reconnect to the first live event, median run
	Min      time.Duration // the fastest run's
	Replayed int           // events received before the live one, in the median run
	Expected int           // events missed in the median run
	Note     string        // how the library's server was set up
	Err      error         // why there is no number
}

func (o replayOptions) withDefaults() replayOptions {
	if o.Missed == 0 {
		o.Missed = 10000
	}
	if o.Runs == 0 {
		o.Runs = 7
	}
	return o
}

// runReplay runs the replay workload for each of libs, opts.Runs times round-robin,
// each run on a fresh server.
func runReplay(opts replayOptions, libs []library) []replayResult {
	opts = opts.withDefaults()
	results, spreads := roundRobin(len(libs), opts.Runs, func(i int) (replayResult, error) {
		r := replayRun(libs[i], opts)
		return r, r.Err
	}, func(r replayResult) float64 { return float64(r.Median) })
	for i, s := range spreads {
		results[i].Min = time.Duration(s.lo)
	}
	return results
}

// replayRun runs once on a fresh server of lib: its Median is this run's time.
func replayRun(lib library, opts replayOptions) replayResult {
	res := replayResult{Library: lib}
	srv, err := fanoutStarters[lib](true)
	if err != nil {
		res.Err = err
		return res
	}
	res.Note = srv.note
	res.Median, res.Replayed, res.Expected, res.Err = replayOnce(srv, opts.Missed)
	srv.stop()
	return res
}

// liveData is the data of the replay workload's live event.
var liveData = []byte("live")

// probeData is the data of the k-th probe of a first visit.
func probeData(k int) []byte { return []byte("probe " + strconv.Itoa(k)) }

// replayOnce connects a subscriber, lets it read one event and leave, publishes
// missed events, reconnects it with the Last-Event-ID it had, and times the reconnect
// until the first live event, published as soon as the first replayed event arrives.
func replayOnce(srv *fanoutServer, missed int) (elapsed time.Duration, replayed, expected int, err error) {
	seq := 0
	publish := func(data []byte) error {
		seq++
		return srv.publish(strconv.Itoa(seq), data)
	}

	// The first visit: a probe goes out every 10 ms until the subscriber has one. Its
	// ID is the last the subscriber saw; the probes after it are missed too.
	type seen struct {
		id, data string
	}
	first := make(chan seen, 1)
	conn, err := net.Dial("tcp", srv.addr)
	if err != nil {
		return 0, 0, 0, err
	}
	go func() {
		var got seen
		id, _, err := readUntil(conn, srv.path, "", nil, func(data []byte) bool {
			got.data = string(data)
			return true
		})
		if err == nil {
			got.id = id
		}
		first <- got
	}()
	probes := 0
	var saw seen
	tick := time.NewTicker(10 * time.Millisecond)
	giveUp := time.After(30 * time.Second)
probing:
	for {
		probes++
		if err := publish(probeData(probes)); err != nil {
			tick.Stop()
			_ = conn.Close()
			return 0, 0, 0, err
		}
		select {
		case saw = <-first:
			break probing
		case <-tick.C:
		case <-giveUp:
			tick.Stop()
			_ = conn.Close()
			<-first
			return 0, 0, 0, fmt.Errorf("bench: the first visit received none of %d probes", probes)
		}
	}
	tick.Stop()
	_ = conn.Close()
	k, err := strconv.Atoi(strings.TrimPrefix(saw.data, "probe "))
	if saw.id == "" || err != nil {
		return 0, 0, 0, fmt.Errorf("bench: the first visit read %+v, want a probe with an ID", saw)
	}
	for i := 0; i < missed; i++ {
		if err := publish(sampleData); err != nil {
			return 0, 0, 0, err
		}
	}

	// The reconnect.
	firstReplayed := make(chan struct{}, 1)
	type outcome struct {
		n   int
		err error
	}
	done := make(chan outcome, 1)
	start := time.Now()
	conn, err = net.Dial("tcp", srv.addr)
	if err != nil {
		return 0, 0, 0, err
	}
	defer conn.Close()
	go func() {
		_, n, err := readUntil(conn, srv.path, saw.id, firstReplayed, func(data []byte) bool { return bytes.Equal(data, liveData) })
		done <- outcome{n, err}
	}()
	select {
	case <-firstReplayed:
	case <-time.After(5 * time.Second): // nothing replayed: go live anyway
	}
	if err := publish(liveData); err != nil {
		return 0, 0, 0, err
	}
	out := <-done
	elapsed = time.Since(start)
	if out.err != nil {
		return 0, 0, 0, out.err
	}
	return elapsed, out.n, probes - k + missed, nil
}

// readUntil requests path over conn with lastEventID and reads events until stop
// accepts one's data (the last data line of a multi-line event). It signals first,
// if not nil, at the first event, and returns the last ID seen and how many events
// came before the one stop accepted.
func readUntil(conn net.Conn, path, lastEventID string, first chan<- struct{}, stop func(data []byte) bool) (string, int, error) {
	_ = conn.SetDeadline(time.Now().Add(time.Minute))
	body, err := rawGet(conn, path, lastEventID, 64<<10)
	if err != nil {
		return "", 0, err
	}
	sc := &eventScanner{r: body}
	id, n := "", 0
	var data []byte
	for {
		name, value, err := sc.next()
		if err != nil {
			return id, n, fmt.Errorf("bench: read after %d events: %w", n, err)
		}
		if name != nil {
			switch string(name) {
			case "id":
				id = string(value)
			case "data":
				data = append(data[:0], value...)
			}
			continue
		}
		if first != nil {
			first <- struct{}{}
			first = nil
		}
		if stop(data) {
			return id, n, nil
		}
		n++
	}
}
