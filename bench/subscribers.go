// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// subscribers is the subscriber process of a fan-out or scale run, seen from the
// process that started it.
type subscribers struct {
	*child
	connected int // subscribers that could connect
	failed    int // subscribers that could not
}

// startSubscribers starts the subscriber process with n subscribers of path at addr
// and waits, up to timeout, until they have dialled; then it calls publish, which
// publishes a warm-up event, every 100 ms until every subscriber has received one
// (so that each is registered with the server), again up to timeout.
func startSubscribers(addr, path string, n int, timeout time.Duration, publish func() error) (*subscribers, error) {
	c, err := startChild("subscriber process", roleEnv+"="+roleSubscribers, addrEnv+"="+addr, pathEnv+"="+path, countEnv+"="+strconv.Itoa(n))
	if err != nil {
		return nil, err
	}
	s := &subscribers{child: c}
	if err := s.warmUp(timeout, publish); err != nil {
		c.stop()
		return nil, err
	}
	return s, nil
}

func (s *subscribers) warmUp(timeout time.Duration, publish func() error) error {
	line, err := s.expect("connected", timeout)
	if err != nil {
		return err
	}
	if _, err := fmt.Sscanf(line, "connected %d %d", &s.connected, &s.failed); err != nil || s.connected == 0 {
		return fmt.Errorf("bench: subscribers: %q", line)
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(timeout)
	for {
		if err := publish(); err != nil {
			return err
		}
		select {
		case line, ok := <-s.lines:
			if !ok {
				return s.exitError()
			}
			if line == "warm" {
				return nil
			}
			return fmt.Errorf("bench: subscribers said %q, want warm", line)
		case <-deadline:
			return fmt.Errorf("bench: subscribers were not all registered after %v", timeout)
		case <-tick.C:
		}
	}
}

// result tells the subscribers how many timed events were published and how long to
// wait for them, and returns their report.
func (s *subscribers) result(published int, drain time.Duration) (subscriberReport, error) {
	var rep subscriberReport
	fmt.Fprintf(s.stdin, "drain %d %d\n", published, drain.Milliseconds())
	line, err := s.expect("result", drain+time.Minute)
	if err != nil {
		return rep, err
	}
	if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "result ")), &rep); err != nil {
		return rep, fmt.Errorf("bench: subscriber report %q: %w", line, err)
	}
	if s.failed > 0 {
		return rep, fmt.Errorf("bench: %d subscribers could not connect: %s", s.failed, rep.FirstError)
	}
	return rep, nil
}

// subscriberReport is what the subscriber process tells the server process at the
// end, as one JSON line.
type subscriberReport struct {
	Connected    int    `json:"connected"`
	Disconnected int    `json:"disconnected"`
	Received     int64  `json:"received"` // timed events, all subscribers together
	P50Ns        int64  `json:"p50_ns"`
	P99Ns        int64  `json:"p99_ns"`
	MaxNs        int64  `json:"max_ns"`
	LastNs       int64  `json:"last_ns"`  // wall clock of the last timed event received
	StartNs      int64  `json:"start_ns"` // wall clock of the first dial
	FirstError   string `json:"first_error,omitempty"`
}

// subscriber is one connection of the subscriber process.
type subscriber struct {
	conn  net.Conn
	timed atomic.Int64 // timed events received
	mu    sync.Mutex
	lat   []int64 // delivery latencies, ns
	last  int64   // wall clock of the last timed event, ns
}

// subscriberSet is every subscriber of the process and what they share.
type subscriberSet struct {
	subs                 []*subscriber
	warmed, disconnected atomic.Int64
	warm                 chan struct{}
	warmOnce             sync.Once
	closing              atomic.Bool
	start                time.Time // of the first dial
	errMu                sync.Mutex
	firstErr             string
	wg                   sync.WaitGroup
}

// runSubscriberProcess is the subscriber process: it connects n subscribers and says
// "connected <connected> <failed>", says "warm" once each has received an event,
// waits for "drain <published> <ms>" and answers "result <json>", then waits for its
// stdin to close.
func runSubscriberProcess(addr, path string, n int, in io.Reader, w io.Writer) error {
	if _, err := raiseFileLimit(); err != nil {
		return err
	}
	out := log.New(w, "", 0) // one Write a line, whichever goroutine says it
	set := &subscriberSet{warm: make(chan struct{})}
	set.connect(addr, path, n)
	out.Printf("connected %d %d", len(set.subs), n-len(set.subs))
	for _, s := range set.subs {
		set.wg.Add(1)
		go s.run(set)
	}
	set.checkWarm()
	commands := bufio.NewScanner(in)
	go func() {
		<-set.warm
		out.Print("warm")
	}()
	// The next command says how many timed events were published and how long to
	// wait for them.
	if !commands.Scan() {
		set.close()
		return nil
	}
	var published int64
	var drainMs int64
	if _, err := fmt.Sscanf(commands.Text(), "drain %d %d", &published, &drainMs); err != nil {
		set.close()
		return fmt.Errorf("bad command %q: %w", commands.Text(), err)
	}
	set.drain(published, time.Duration(drainMs)*time.Millisecond)
	report := set.report()
	b, err := json.Marshal(report)
	if err != nil {
		set.close()
		return err
	}
	out.Printf("result %s", b)
	// Stand by until the server process closes our stdin.
	for commands.Scan() {
		// No command follows the result.
	}
	set.close()
	return nil
}

// connect opens n connections with a bounded number of dials in flight and sends
// each its request. A server may answer only with its first event; the answers are
// read by each subscriber's goroutine.
func (set *subscriberSet) connect(addr, path string, n int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	dialer := net.Dialer{Timeout: 10 * time.Second}
	set.start = time.Now()
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			conn, err := dialer.Dial("tcp", addr)
			if err == nil {
				// Closing with a reset leaves no TIME_WAIT to exhaust the ports.
				_ = conn.(*net.TCPConn).SetLinger(0)
				_, err = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n", path)
			}
			if err != nil {
				set.fail(err)
				if conn != nil {
					_ = conn.Close()
				}
				return
			}
			mu.Lock()
			set.subs = append(set.subs, &subscriber{conn: conn})
			mu.Unlock()
		}()
	}
	wg.Wait()
}

func (set *subscriberSet) fail(err error) {
	set.errMu.Lock()
	defer set.errMu.Unlock()
	if set.firstErr == "" {
		set.firstErr = err.Error()
	}
}

// checkWarm closes warm once every subscriber has received an event or is gone.
func (set *subscriberSet) checkWarm() {
	if set.warmed.Load()+set.disconnected.Load() >= int64(len(set.subs)) {
		set.warmOnce.Do(func() { close(set.warm) })
	}
}

// run reads one subscriber's stream until it ends.
func (s *subscriber) run(set *subscriberSet) {
	defer set.wg.Done()
	body, err := readResponseHead(bufio.NewReaderSize(s.conn, 4096), 4096)
	if err == nil {
		err = s.read(set, &eventScanner{r: body})
	}
	if !set.closing.Load() {
		if err == nil || errors.Is(err, io.EOF) {
			err = errors.New("server ended the stream")
		}
		set.fail(err)
		set.disconnected.Add(1)
		set.checkWarm()
	}
}

func (s *subscriber) read(set *subscriberSet, sc *eventScanner) error {
	warmed, timed := false, false
	var sent int64
	for {
		name, value, err := sc.next()
		if err != nil {
			return err
		}
		if name != nil {
			if string(name) == "data" {
				sent, timed = parseTick(value)
			}
			continue
		}
		if timed {
			now := time.Now().UnixNano()
			s.mu.Lock()
			s.lat = append(s.lat, now-sent)
			s.last = now
			s.mu.Unlock()
			s.timed.Add(1)
			timed = false
		}
		if !warmed {
			warmed = true
			set.warmed.Add(1)
			set.checkWarm()
		}
	}
}

// drain waits until every subscriber still connected has received published timed
// events, nothing has arrived for a second, or max has passed.
func (set *subscriberSet) drain(published int64, max time.Duration) {
	deadline := time.Now().Add(max)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	last, lastChange := int64(-1), time.Now()
	for {
		total := set.total()
		alive := int64(len(set.subs)) - set.disconnected.Load()
		now := time.Now()
		if total >= published*alive || now.After(deadline) || now.Sub(lastChange) > time.Second {
			return
		}
		if total != last {
			last, lastChange = total, now
		}
		<-tick.C
	}
}

func (set *subscriberSet) total() int64 {
	var total int64
	for _, s := range set.subs {
		total += s.timed.Load()
	}
	return total
}

func (set *subscriberSet) report() subscriberReport {
	r := subscriberReport{Connected: len(set.subs), Disconnected: int(set.disconnected.Load()), StartNs: set.start.UnixNano()}
	var all []int64
	for _, s := range set.subs {
		s.mu.Lock()
		all = append(all, s.lat...)
		r.LastNs = max(r.LastNs, s.last)
		s.mu.Unlock()
	}
	r.Received = int64(len(all))
	p50, p99, maxv := percentiles(all)
	r.P50Ns, r.P99Ns, r.MaxNs = int64(p50), int64(p99), int64(maxv)
	set.errMu.Lock()
	r.FirstError = set.firstErr
	set.errMu.Unlock()
	return r
}

// close resets every connection and waits for the readers.
func (set *subscriberSet) close() {
	set.closing.Store(true)
	for _, s := range set.subs {
		_ = s.conn.Close()
	}
	set.wg.Wait()
}
