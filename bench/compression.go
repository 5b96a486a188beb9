// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

// compressionMode is how the compression workload makes its Stream.
type compressionMode struct {
	Gzip     bool // WithCompression, and a client that accepts gzip
	Batching bool // WithBatching
}

// compressionModes lists the modes in report order.
var compressionModes = []compressionMode{{}, {Gzip: true}, {Batching: true}, {Gzip: true, Batching: true}}

// String names the mode in the report.
func (m compressionMode) String() string {
	s := "plain"
	if m.Gzip {
		s = "gzip"
	}
	if m.Batching {
		s += ", batched"
	}
	return s
}

func (m compressionMode) streamOptions() []sse.StreamOption {
	var opts []sse.StreamOption
	if m.Gzip {
		opts = append(opts, sse.WithCompression())
	}
	if m.Batching {
		opts = append(opts, sse.WithBatching())
	}
	return opts
}

// compressionResult is the cost of one payload in one mode. CPU times are the
// process's user and system time, which other processes on the machine inflate less
// than they do wall time.
type compressionResult struct {
	Payload compressionPayload
	Mode    compressionMode
	// EventBytes is the average event's size as Publish encodes it, uncompressed.
	EventBytes float64
	// WireBytes is what the client read off the socket per event over loopback: the
	// events, compressed or not, HTTP chunk framing and the response header.
	WireBytes float64
	// ServerNs is the CPU time per event of Stream.Publish to an in-memory writer,
	// compression included (with batching, the writer goroutine's too).
	ServerNs float64
	// ClientNs is the CPU time per event of decoding the recorded stream from memory:
	// gunzip when compressed, then a Decoder, the parser of the Client.
	ClientNs float64
	// LoopbackNs is the CPU time per event of the whole process over loopback: a Hertz
	// handler publishing, a client reading and decoding, the system calls of both.
	LoopbackNs float64
	// EventsPerSec is the loopback rate, publishing as fast as the client reads.
	EventsPerSec float64
	// AllocsPerEvent counts the whole process's heap allocations over loopback.
	AllocsPerEvent float64
	Err            error // why there are no numbers
}

// compressionOptions sizes the compression workload.
type compressionOptions struct {
	Tokens    int           // token events per loopback run (100,000 if zero)
	Documents int           // document events per loopback run (10,000 if zero)
	MinTime   time.Duration // each in-memory measurement runs at least this long (1 s if zero)
	Runs      int           // loopback runs per row, round-robin; the median by CPU counts (3 if zero)
}

func (o compressionOptions) withDefaults() compressionOptions {
	if o.Tokens == 0 {
		o.Tokens = 100_000
	}
	if o.Documents == 0 {
		o.Documents = 10_000
	}
	if o.MinTime == 0 {
		o.MinTime = time.Second
	}
	if o.Runs == 0 {
		o.Runs = 3
	}
	return o
}

func (o compressionOptions) eventsPerRun(p compressionPayload) int {
	if p == tokenPayload {
		return o.Tokens
	}
	return o.Documents
}

// runCompression measures every payload in every mode: in memory, then over
// loopback.
func runCompression(opts compressionOptions) []compressionResult {
	opts = opts.withDefaults()
	var results []compressionResult
	pools := map[compressionPayload][]*sse.Event{}
	for _, p := range compressionPayloads {
		pools[p] = p.events()
		for _, m := range compressionModes {
			r := compressionResult{Payload: p, Mode: m, EventBytes: averageEventBytes(pools[p])}
			r.ServerNs, r.Err = compressionServerNs(pools[p], m, opts.MinTime)
			if r.Err == nil {
				r.ClientNs, r.Err = compressionClientNs(pools[p], m, opts.MinTime)
			}
			results = append(results, r)
		}
	}
	runs, spreads := roundRobin(len(results), opts.Runs, func(i int) (loopbackRun, error) {
		r := &results[i]
		if r.Err != nil {
			return loopbackRun{}, r.Err
		}
		return compressionLoopback(pools[r.Payload], r.Mode, opts.eventsPerRun(r.Payload))
	}, func(r loopbackRun) float64 { return float64(r.cpu) })
	for i, median := range runs {
		r := &results[i]
		if r.Err = spreads[i].err; r.Err != nil {
			continue
		}
		n := float64(median.events)
		r.WireBytes = float64(median.wire) / n
		r.LoopbackNs = float64(median.cpu) / n
		r.EventsPerSec = n / median.elapsed.Seconds()
		r.AllocsPerEvent = float64(median.mallocs) / n
	}
	return results
}

func averageEventBytes(events []*sse.Event) float64 {
	var buf bytes.Buffer
	s := sse.NewStreamWithWriter(&buf)
	for _, e := range events {
		_ = s.Publish(e)
	}
	return float64(buf.Len()) / float64(len(events))
}

// discardCounter counts and drops what is written to it.
type discardCounter struct{ n int64 }

func (w *discardCounter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// newStreamForBench returns a Stream in mode m on an in-memory writer.
func newStreamForBench(w io.Writer, m compressionMode) *sse.Stream {
	return sse.NewStreamWithWriter(w, m.streamOptions()...)
}

// compressionServerNs publishes the pool in turn to a Stream on an in-memory writer
// for at least minTime, after a warm-up, and returns the CPU time per event.
func compressionServerNs(events []*sse.Event, m compressionMode, minTime time.Duration) (float64, error) {
	s := newStreamForBench(&discardCounter{}, m)
	for _, e := range events { // warm-up: the compressor's window fills, pools fill
		if err := s.Publish(e); err != nil {
			return 0, err
		}
	}
	n := 0
	start, cpu0 := time.Now(), processCPU()
	for n < len(events) || time.Since(start) < minTime {
		for range 256 {
			if err := s.Publish(events[n%len(events)]); err != nil {
				return 0, err
			}
			n++
		}
	}
	err := s.Close() // with batching, sends what is queued first
	return float64(processCPU()-cpu0) / float64(n), err
}

// compressionClientNs records about 1 MiB of the stream (before compression) and
// decodes it from memory, again and again for at least minTime; it returns the CPU
// time per event.
func compressionClientNs(events []*sse.Event, m compressionMode, minTime time.Duration) (float64, error) {
	var wire bytes.Buffer
	s := sse.NewStreamWithWriter(&wire, m.streamOptions()...)
	want, plain := 0, 0
	for ; plain < 1<<20; want++ {
		e := events[want%len(events)]
		if err := s.Publish(e); err != nil {
			return 0, err
		}
		plain += len(e.Data)
	}
	if err := s.Close(); err != nil {
		return 0, err
	}
	var zr gzip.Reader
	pass := func() (int, error) {
		var r io.Reader = bytes.NewReader(wire.Bytes())
		if m.Gzip {
			if err := zr.Reset(r); err != nil {
				return 0, err
			}
			r = &zr
		}
		return countDecoded(sse.NewDecoder(r, 1<<20), nil)
	}
	if _, err := pass(); err != nil { // warm-up
		return 0, err
	}
	decoded := 0
	start, cpu0 := time.Now(), processCPU()
	for decoded == 0 || time.Since(start) < minTime {
		n, err := pass()
		if err != nil {
			return 0, err
		}
		if n != want {
			return 0, fmt.Errorf("bench: decoded %d events, want %d", n, want)
		}
		decoded += n
	}
	return float64(processCPU()-cpu0) / float64(decoded), nil
}

// countDecoded reads d to its end and returns how many events it dispatched. If pool
// is not nil, the i-th event's data must be that of pool[i%len(pool)].
func countDecoded(d *sse.Decoder, pool []*sse.Event) (int, error) {
	for n := 0; ; n++ {
		e, err := d.Next()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if pool != nil && !bytes.Equal(e.Data, pool[n%len(pool)].Data) {
			return n, fmt.Errorf("bench: event %d arrived damaged", n)
		}
	}
}

// loopbackRun is one stream of the compression workload over loopback.
type loopbackRun struct {
	cost
	events int
	wire   int64 // bytes the client read off the socket
}

// countingConn counts the bytes read from a connection.
type countingConn struct {
	net.Conn
	read int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read += int64(n)
	return n, err
}

// compressionLoopback serves n events of the pool, in turn, from a Hertz handler,
// and reads them with a client that counts what arrives on its socket, decodes gzip
// when the response says so, and checks every event.
func compressionLoopback(events []*sse.Event, m compressionMode, n int) (loopbackRun, error) {
	published := make(chan publishedCount, 1)
	srv, err := startHertz(func(h *server.Hertz) {
		h.GET("/compression", func(_ context.Context, c *app.RequestContext) {
			s := sse.NewStream(c, m.streamOptions()...)
			i := 0
			k, err := publishFor(n, 0, func() error {
				e := events[i%len(events)]
				i++
				return s.Publish(e)
			})
			if err == nil {
				err = s.Close()
			}
			published <- publishedCount{k, err}
		})
	})
	if err != nil {
		return loopbackRun{}, err
	}
	defer srv.Close()

	var run loopbackRun
	run.cost = costOf(func() { run.events, run.wire, err = readCompressionStream(srv.Addr, m.Gzip, events) })
	if err != nil {
		return run, err
	}
	select {
	case p := <-published:
		if p.err != nil {
			return run, fmt.Errorf("bench: publish: %w", p.err)
		}
		if p.n != n || run.events != n {
			return run, fmt.Errorf("bench: published %d, received %d of %d events", p.n, run.events, n)
		}
	case <-time.After(10 * time.Second):
		return run, errors.New("bench: the handler did not finish")
	}
	return run, nil
}

// readCompressionStream subscribes to the compression workload's stream at addr,
// asking for gzip if gz, and returns how many events arrived and how many bytes the
// socket delivered.
func readCompressionStream(addr string, gz bool, pool []*sse.Event) (int, int64, error) {
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, 0, err
	}
	conn := &countingConn{Conn: raw}
	defer conn.Close()
	req := "GET /compression HTTP/1.1\r\nHost: " + addr + "\r\nAccept: text/event-stream\r\n"
	if gz {
		req += "Accept-Encoding: gzip\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		return 0, 0, err
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 64<<10), nil)
	if err != nil {
		return 0, conn.read, err
	}
	defer resp.Body.Close()
	want := ""
	if gz {
		want = "gzip"
	}
	if ce := resp.Header.Get("Content-Encoding"); resp.StatusCode != 200 || ce != want {
		return 0, conn.read, fmt.Errorf("bench: answered %s with Content-Encoding %q, want 200 with %q", resp.Status, ce, want)
	}
	body := io.Reader(resp.Body)
	if gz {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return 0, conn.read, err
		}
		body = zr
	}
	got, err := countDecoded(sse.NewDecoder(body, 1<<20), pool)
	return got, conn.read, err
}
