// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FanoutOptions sizes one fan-out run.
type FanoutOptions struct {
	Subscribers int           // idle subscribers connected before the timed phase
	Rate        int           // target events per second
	Duration    time.Duration // length of the timed phase
	Drain       time.Duration // longest wait for late events after it (5 s if zero)
	// Runs is how many runs each library gets, round-robin over the libraries; the
	// run with the median delivered/s is reported (1 if zero).
	Runs int
}

// FanoutResult is one library's fan-out: every event published to every subscriber.
type FanoutResult struct {
	Library     Library
	Subscribers int   // connected
	Rate        int   // target events per second
	Published   int   // timed events published
	Delivered   int64 // timed events received, all subscribers together
	Expected    int64 // Published × Subscribers
	// DeliveredPerSec is Delivered over the time from the first scheduled publish to
	// the last delivery.
	DeliveredPerSec float64
	// Latencies from the scheduled publish time to the subscriber's read, over the
	// delivered events.
	P50, P99, Max time.Duration
	// HeapPerConn is the server's HeapInuse+StackInuse growth per idle subscriber;
	// GoroutinesPerConn its goroutine count growth.
	HeapPerConn       float64
	GoroutinesPerConn float64
	Disconnected      int // subscribers the server dropped during the run
	// MinPerSec and MaxPerSec are the delivered/s of the slowest and fastest runs.
	MinPerSec, MaxPerSec float64
	Note                 string // how the library's server was set up
	Err                  error  // why there is no number
}

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

// fanoutStarters maps each library to the function that starts its fan-out server.
var fanoutStarters = map[Library]func() (*fanoutServer, error){
	Ours:         startOursFanout,
	HertzBuiltin: startHertzFanout,
	GoSSE:        startGoSSEFanout,
	R3labs:       startR3labsFanout,
	Raw:          startRawFanout,
}

// RunFanout runs the fan-out workload with opts for every library, opts.Runs times
// round-robin over the libraries, so that a noisy moment on the machine falls on one
// run of several libraries rather than on every run of one.
func RunFanout(opts FanoutOptions) []FanoutResult {
	runs := map[Library][]FanoutResult{}
	failed := map[Library]FanoutResult{}
	for i := 0; i < max(opts.Runs, 1); i++ {
		for _, lib := range Libraries {
			if _, ok := failed[lib]; ok {
				continue
			}
			r := runFanoutOne(lib, opts)
			if r.Err != nil {
				failed[lib] = r
				continue
			}
			runs[lib] = append(runs[lib], r)
		}
	}
	results := make([]FanoutResult, 0, len(Libraries))
	for _, lib := range Libraries {
		if r, ok := failed[lib]; ok {
			results = append(results, r)
			continue
		}
		rs := runs[lib]
		slices.SortFunc(rs, func(a, b FanoutResult) int { return cmp.Compare(a.DeliveredPerSec, b.DeliveredPerSec) })
		r := rs[len(rs)/2]
		r.MinPerSec, r.MaxPerSec = rs[0].DeliveredPerSec, rs[len(rs)-1].DeliveredPerSec
		results = append(results, r)
	}
	return results
}

// runFanoutOne starts lib's server in this process and the subscriber process, then
// follows the protocol they share: the subscribers connect and say "connected";
// warm-up events go out every 100 ms until they say "warm" (each has received one,
// so each is registered); the heap is measured; timed events go out at opts.Rate for
// opts.Duration; "drain <published> <ms>" tells the subscribers what to wait for; they
// answer "result <json>"; closing their stdin ends them.
func runFanoutOne(lib Library, opts FanoutOptions) FanoutResult {
	if opts.Drain == 0 {
		opts.Drain = 5 * time.Second
	}
	res := FanoutResult{Library: lib, Rate: opts.Rate}
	if _, err := RaiseFileLimit(); err != nil {
		res.Err = err
		return res
	}
	srv, err := fanoutStarters[lib]()
	if err != nil {
		res.Err = err
		return res
	}
	res.Note = srv.note
	defer srv.stop()

	before := serverMemory()
	child, err := startSubscribers(srv.addr, srv.path, opts.Subscribers)
	if err != nil {
		res.Err = err
		return res
	}
	defer child.stop()

	line, err := child.expect("connected", 2*time.Minute)
	if err != nil {
		res.Err = err
		return res
	}
	var failed int
	if _, err := fmt.Sscanf(line, "connected %d %d", &res.Subscribers, &failed); err != nil || res.Subscribers == 0 {
		res.Err = fmt.Errorf("bench: subscribers: %q", line)
		return res
	}

	seq := 0
	nextID := func() string { seq++; return strconv.Itoa(seq) }
	if err := warmUp(srv, child, nextID); err != nil {
		res.Err = err
		return res
	}
	after := serverMemory()
	res.HeapPerConn = float64(int64(after.inuse)-int64(before.inuse)) / float64(res.Subscribers)
	res.GoroutinesPerConn = float64(after.goroutines-before.goroutines) / float64(res.Subscribers)

	start, published, err := publishPaced(srv, opts, nextID)
	if err != nil {
		res.Err = err
		return res
	}
	res.Published = published
	fmt.Fprintf(child.stdin, "drain %d %d\n", published, opts.Drain.Milliseconds())
	line, err = child.expect("result", opts.Drain+time.Minute)
	if err != nil {
		res.Err = err
		return res
	}
	var rep subscriberReport
	if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "result ")), &rep); err != nil {
		res.Err = fmt.Errorf("bench: subscriber report %q: %w", line, err)
		return res
	}
	res.Delivered, res.Disconnected = rep.Received, rep.Disconnected
	res.Expected = int64(published) * int64(res.Subscribers)
	res.P50, res.P99, res.Max = time.Duration(rep.P50Ns), time.Duration(rep.P99Ns), time.Duration(rep.MaxNs)
	if rep.Received > 0 {
		res.DeliveredPerSec = float64(rep.Received) / time.Duration(rep.LastNs-start.UnixNano()).Seconds()
	}
	if failed > 0 {
		res.Err = fmt.Errorf("bench: %d subscribers could not connect: %s", failed, rep.FirstError)
	}
	return res
}

// warmUp publishes a warm-up event every 100 ms until every subscriber has one.
func warmUp(srv *fanoutServer, child *subscriberProcess, nextID func() string) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(2 * time.Minute)
	for {
		if err := srv.publish(nextID(), warmData); err != nil {
			return fmt.Errorf("bench: publish: %w", err)
		}
		select {
		case line, ok := <-child.lines:
			if !ok {
				return child.exitError()
			}
			if line == "warm" {
				return nil
			}
			return fmt.Errorf("bench: subscribers said %q, want warm", line)
		case <-deadline:
			return errors.New("bench: subscribers were not all registered after 2 minutes")
		case <-tick.C:
		}
	}
}

// publishPaced publishes timed events at opts.Rate for opts.Duration, each carrying
// its scheduled time: a publisher that falls behind catches up, and the delay counts
// in the latencies. It returns the first scheduled time and how many it published.
func publishPaced(srv *fanoutServer, opts FanoutOptions, nextID func() string) (time.Time, int, error) {
	interval := time.Second / time.Duration(opts.Rate)
	total := int(opts.Duration / interval)
	start := time.Now().Add(10 * time.Millisecond)
	end := start.Add(opts.Duration)
	published := 0
	for k := 0; k < total; k++ {
		sched := start.Add(time.Duration(k) * interval)
		if d := time.Until(sched); d > 0 {
			time.Sleep(d) // pacing, not waiting for readiness
		} else if time.Now().After(end) {
			break // fell behind for the whole phase: stop on time
		}
		if err := srv.publish(nextID(), tickData(sched.UnixNano())); err != nil {
			return start, published, fmt.Errorf("bench: publish: %w", err)
		}
		published++
	}
	return start, published, nil
}

type memorySample struct {
	inuse      uint64 // HeapInuse + StackInuse
	goroutines int
}

func serverMemory() memorySample {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memorySample{inuse: m.HeapInuse + m.StackInuse, goroutines: runtime.NumGoroutine()}
}

// subscriberProcess is the running subscriber process, seen from the server process.
type subscriberProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
	done  chan struct{}
	err   error
}

// startSubscribers starts this binary again as the subscriber process (see
// [MaybeRunSubscribers]).
func startSubscribers(addr, path string, n int) (*subscriberProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: find own binary: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), roleEnv+"="+roleSubscribers, addrEnv+"="+addr, pathEnv+"="+path, countEnv+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start subscriber process: %w", err)
	}
	p := &subscriberProcess{cmd: cmd, stdin: stdin, lines: make(chan string, 4), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		defer close(p.lines)
		s := bufio.NewScanner(stdout)
		s.Buffer(nil, 1<<20)
		for s.Scan() {
			p.lines <- s.Text()
		}
		p.err = cmd.Wait()
	}()
	return p, nil
}

// expect waits for the next line, which must start with prefix.
func (p *subscriberProcess) expect(prefix string, timeout time.Duration) (string, error) {
	select {
	case line, ok := <-p.lines:
		if !ok {
			return "", p.exitError()
		}
		if !strings.HasPrefix(line, prefix) {
			return "", fmt.Errorf("bench: subscribers said %q, want %s", line, prefix)
		}
		return line, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("bench: no %q from the subscribers after %v", prefix, timeout)
	}
}

func (p *subscriberProcess) exitError() error {
	<-p.done
	return fmt.Errorf("bench: subscriber process ended early: %v", p.err)
}

// stop closes the process's stdin, which ends it, and waits for it.
func (p *subscriberProcess) stop() {
	go func() {
		for range p.lines {
			// Nobody waits for these any more.
		}
	}()
	_ = p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}
