// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"

	"github.com/hertz-contrib/sse"
)

// e2eRun serves one stream of at most n sample events, published for at most d (no
// limit if zero), and reads it with the same library's client through measure. It
// returns how many events the client dispatched, how long measure says reading took,
// and how many events the server published.
type e2eRun func(n int, d time.Duration, measure measureFunc) (received int, elapsed time.Duration, published int, err error)

// measureFunc runs read, the client's whole read of the stream, and times it.
type measureFunc func(read func() (int, error)) (int, time.Duration, error)

// publishFor calls publish n times, or until d has passed if d > 0, and returns how
// many calls succeeded.
func publishFor(n int, d time.Duration, publish func() error) (int, error) {
	deadline := time.Now().Add(d)
	for i := 0; i < n; i++ {
		if d > 0 && i%256 == 0 && time.Now().After(deadline) {
			return i, nil
		}
		if err := publish(); err != nil {
			return i, err
		}
	}
	return n, nil
}

// publishedCount is what a handler reports once it has published its events.
type publishedCount struct {
	n   int
	err error
}

// e2eOnHertz serves one stream from a Hertz handler and reads it through measure
// with the reader that reader makes for the stream's URL. open gives the handler's
// publish, which sends the sample event once, and finish, which ends the stream
// after the last (nil if returning is enough).
func e2eOnHertz(n int, d time.Duration, measure measureFunc, open func(c *app.RequestContext) (publish, finish func() error), reader func(url string) func() (int, error)) (int, time.Duration, int, error) {
	published := make(chan publishedCount, 1)
	srv, err := startHertz(func(h *server.Hertz) {
		h.GET("/e2e", func(_ context.Context, c *app.RequestContext) {
			publish, finish := open(c)
			k, err := publishFor(n, d, publish)
			if err == nil && finish != nil {
				err = finish()
			}
			published <- publishedCount{k, err}
		})
	})
	if err != nil {
		return 0, 0, 0, err
	}
	defer srv.Close()
	got, elapsed, err := measure(reader(srv.URL + "/e2e"))
	return finishE2E(got, elapsed, err, published)
}

// oursReader reads a stream with this package's Client.
func oursReader(url string) func() (int, error) {
	c := sse.NewClient(url)
	return func() (int, error) { return readOurs(c) }
}

func e2eOurs(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	e := sampleEvent()
	return e2eOnHertz(n, d, measure, func(c *app.RequestContext) (func() error, func() error) {
		// WithBatching: Publish queues, and the Stream's writer goroutine sends
		// everything queued with one write and one flush; Close sends what is still
		// queued.
		s := sse.NewStream(c, sse.WithBatching())
		return func() error { return s.Publish(e) }, s.Close
	}, oursReader)
}

// e2eOursDefault is the default path, as the seeds write a handler: a plain Stream,
// one write and one flush per Publish, read by Client.Subscribe.
func e2eOursDefault(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	e := sampleEvent()
	return e2eOnHertz(n, d, measure, func(c *app.RequestContext) (func() error, func() error) {
		s := sse.NewStream(c)
		return func() error { return s.Publish(e) }, nil
	}, oursReader)
}

func e2eHertz(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	e := &hsse.Event{ID: sampleID, Type: sampleType, Data: sampleData}
	hc, err := newHertzStreamingClient()
	if err != nil {
		return 0, 0, 0, err
	}
	return e2eOnHertz(n, d, measure, func(c *app.RequestContext) (func() error, func() error) {
		w := hsse.NewWriter(c)
		return func() error { return w.Write(e) }, nil
	}, func(url string) func() (int, error) {
		return func() (int, error) { return readHertzURL(hc, url) }
	})
}

func e2eGoSSE(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	m := goSSEMessage(sampleID, sampleType, sampleData)
	published := make(chan publishedCount, 1)
	srv, err := startHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := gosse.Upgrade(w, r)
		if err != nil {
			published <- publishedCount{0, err}
			return
		}
		k, err := publishFor(n, d, func() error {
			if err := sess.Send(m); err != nil {
				return err
			}
			return sess.Flush()
		})
		published <- publishedCount{k, err}
	}))
	if err != nil {
		return 0, 0, 0, err
	}
	defer srv.Close()
	hc, closeIdle := newHTTPClient()
	defer closeIdle()
	got, elapsed, err := measure(func() (int, error) { return readGoSSEConnection(hc, srv.URL+"/e2e") })
	return finishE2E(got, elapsed, err, published)
}

func e2eR3labs(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	rs, tracker := newR3labsServer(false)
	rs.CreateStream("e2e")
	defer rs.Close()
	srv, err := startHTTP(rs)
	if err != nil {
		return 0, 0, 0, err
	}
	e := &r3.Event{ID: []byte(sampleID), Event: []byte(sampleType), Data: sampleData}
	published := make(chan publishedCount, 1)
	go func() {
		tracker.waitSubscribed(1, time.Minute)
		k, err := publishFor(n, d, func() error {
			rs.Publish("e2e", e)
			return nil
		})
		// An event without data or comment ends r3labs' handler: its way to close.
		rs.Publish("e2e", &r3.Event{})
		published <- publishedCount{k, err}
	}()
	hc, closeIdle := newHTTPClient()
	defer closeIdle()
	got, elapsed, err := measure(func() (int, error) { return readR3labs(hc, srv.URL+"/events?stream=e2e") })
	srv.Close()
	tracker.waitGone()
	return finishE2E(got, elapsed, err, published)
}

func e2eRaw(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	batch, perBatch := repeatWire(sampleWire(), 64<<10)
	return e2eOnTCP(n, d, measure, batch, perBatch)
}

// e2eRawPerEvent is the ceiling of the default path: one write per event.
func e2eRawPerEvent(n int, d time.Duration, measure measureFunc) (int, time.Duration, int, error) {
	return e2eOnTCP(n, d, measure, sampleWire(), 1)
}

// e2eOnTCP is the raw ceiling: it writes wire, which holds perWrite events, with one
// system call at a time on a loopback connection, until n events or d, and reads the
// stream with a bufio.Reader that counts blank lines.
func e2eOnTCP(n int, d time.Duration, measure measureFunc, wire []byte, perWrite int) (int, time.Duration, int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, 0, err
	}
	defer ln.Close()
	published := make(chan publishedCount, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			published <- publishedCount{0, err}
			return
		}
		defer conn.Close()
		k, err := publishFor((n+perWrite-1)/perWrite, d, func() error {
			_, err := conn.Write(wire)
			return err
		})
		published <- publishedCount{k * perWrite, err}
	}()
	got, elapsed, err := measure(func() (int, error) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		return countEvents(bufio.NewReaderSize(conn, 64<<10))
	})
	return finishE2E(got, elapsed, err, published)
}

// finishE2E checks that the client received every event the server published.
func finishE2E(got int, elapsed time.Duration, err error, published <-chan publishedCount) (int, time.Duration, int, error) {
	if err != nil {
		return got, elapsed, 0, err
	}
	p := <-published
	if p.err != nil {
		return got, elapsed, p.n, fmt.Errorf("bench: publish: %w", p.err)
	}
	if got != p.n {
		return got, elapsed, p.n, fmt.Errorf("bench: client received %d events, server published %d", got, p.n)
	}
	return got, elapsed, p.n, nil
}
