// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/clock"
	"github.com/hertz-contrib/sse/internal/testkit"
)

func TestNewStreamHeaders(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"/default": func(ctx context.Context, c *app.RequestContext) {
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
		},
		"/custom": func(ctx context.Context, c *app.RequestContext) {
			c.SetStatusCode(203)
			c.Response.Header.Set("Cache-Control", "no-store")
			c.Response.Header.Set("X-Accel-Buffering", "yes")
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
		},
	})

	resp := openStream(t, url+"/default")
	assert.DeepEqual(t, 200, resp.StatusCode())
	assert.DeepEqual(t, "text/event-stream", string(resp.Header.ContentType()))
	assert.DeepEqual(t, "no-cache", string(resp.Header.Peek("Cache-Control")))
	assert.DeepEqual(t, "no", string(resp.Header.Peek("X-Accel-Buffering")))
	assert.DeepEqual(t, -1, resp.Header.ContentLength()) // chunked
	body, err := io.ReadAll(resp.BodyStream())
	assert.Nil(t, err)
	assert.DeepEqual(t, "data: x\n\n", string(body))

	resp = openStream(t, url+"/custom")
	assert.DeepEqual(t, 203, resp.StatusCode())
	assert.DeepEqual(t, "no-store", string(resp.Header.Peek("Cache-Control")))
	assert.DeepEqual(t, "yes", string(resp.Header.Peek("X-Accel-Buffering")))
}

func TestStreamDeliversTrickyEvents(t *testing.T) {
	events := []*sse.Event{
		{ID: "1", Event: "greeting", Data: []byte("hello\n\nworld")},
		{Data: []byte("a\r\nb\rc\n")},
		{ID: "3", Data: nil},
		{Event: "utf8", Data: []byte("héllo 世界 😀")},
		{Data: []byte(":not a comment\n  two spaces")},
		{ID: "", Retry: 1234 * time.Millisecond, Data: []byte(strings.Repeat("x", 100_000))},
	}
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c)
		for _, e := range events {
			if err := s.Publish(e); err != nil {
				t.Error(err)
			}
		}
	})
	d := newRefDecoder(openStream(t, url+"/sse").BodyStream())
	lastID := ""
	var retry time.Duration
	for _, e := range events {
		got, err := d.next()
		assert.Nil(t, err)
		if e.ID != "" {
			lastID = e.ID
		}
		if e.Retry > 0 {
			retry = e.Retry
		}
		typ := e.Event
		if typ == "" {
			typ = "message"
		}
		assert.DeepEqual(t, refEvent{Type: typ, Data: normalizeLineEnds(string(e.Data)), ID: lastID, Retry: retry}, got)
	}
	_, err := d.next()
	assert.DeepEqual(t, io.EOF, err)
}

func TestStreamConcurrentPublish(t *testing.T) {
	const writers, perWriter = 8, 200
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, sse.WithHeartbeat(time.Millisecond))
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range perWriter {
					data := fmt.Sprintf("writer %d\nevent %d\n%s", w, i, strings.Repeat("z", i))
					if err := s.Publish(&sse.Event{ID: fmt.Sprintf("%d-%d", w, i), Event: "w", Data: []byte(data)}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		_ = s.Close()
	})
	d := newRefDecoder(openStream(t, url+"/sse").BodyStream())
	next := make([]int, writers)
	for range writers * perWriter {
		ev, err := d.next()
		assert.Nil(t, err)
		var w, i int
		_, err = fmt.Sscanf(ev.ID, "%d-%d", &w, &i)
		assert.Nil(t, err)
		assert.DeepEqual(t, next[w], i) // each writer's events arrive whole and in order
		next[w]++
		assert.DeepEqual(t, fmt.Sprintf("writer %d\nevent %d\n%s", w, i, strings.Repeat("z", i)), ev.Data)
	}
	_, err := d.next()
	assert.DeepEqual(t, io.EOF, err)
}

func TestStreamClose(t *testing.T) {
	errs := make(chan []error, 1)
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, sse.WithHeartbeat(time.Millisecond))
		r := []error{s.Publish(&sse.Event{Data: []byte("before")}), s.Close(), s.Close()}
		r = append(r, s.Publish(&sse.Event{Data: []byte("after")}), s.SendComment("c"), s.SetRetry(time.Second))
		errs <- r
	})
	body, err := io.ReadAll(openStream(t, url+"/sse").BodyStream())
	assert.Nil(t, err)
	assert.DeepEqual(t, "data: before\n\n", string(body))
	r := testkit.Within(t, 10*time.Second, errs, "handler")
	assert.Nil(t, r[0])
	assert.Nil(t, r[1])
	assert.Nil(t, r[2])
	for _, err := range r[3:] {
		assert.Assert(t, errors.Is(err, sse.ErrStreamClosed), err)
	}
}

func TestStreamIsClosedWhenHandlerReturns(t *testing.T) {
	streams := make(chan *sse.Stream, 1)
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, sse.WithHeartbeat(time.Millisecond))
		_ = s.Publish(&sse.Event{Data: []byte("only")})
		streams <- s
	})
	body, err := io.ReadAll(openStream(t, url+"/sse").BodyStream())
	assert.Nil(t, err)
	assert.DeepEqual(t, "data: only\n\n", string(body))
	s := testkit.Within(t, 10*time.Second, streams, "handler")
	// The response has ended: writing now must fail cleanly, never reach the connection.
	assert.Assert(t, errors.Is(s.Publish(&sse.Event{Data: []byte("late")}), sse.ErrStreamClosed))
}

func TestStreamBodyWrittenAfterStartIsDropped(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("event")})
		c.String(500, "would corrupt the stream")
	})
	body, err := io.ReadAll(openStream(t, url+"/sse").BodyStream())
	assert.Nil(t, err)
	assert.DeepEqual(t, "data: event\n\n", string(body))
}

func TestNewStreamWithoutConnection(t *testing.T) {
	s := sse.NewStream(app.NewContext(0))
	err := s.Publish(&sse.Event{Data: []byte("x")})
	assert.Assert(t, err != nil && strings.Contains(err.Error(), "no connection"), err)
	assert.Nil(t, s.Close())
}

func TestNewStreamTwiceReturnsTheSameStream(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		a, b := sse.NewStream(c), sse.NewStream(c)
		if a != b {
			t.Error("NewStream returned two streams for one response")
		}
		_ = b.Publish(&sse.Event{Data: []byte("x")})
	})
	body, err := io.ReadAll(openStream(t, url+"/sse").BodyStream())
	assert.Nil(t, err)
	assert.DeepEqual(t, "data: x\n\n", string(body))
}

// TestHeartbeatOnAFakeClock: the heartbeat writes a comment only after a whole
// interval of silence, counted from the last write, and stops with the Stream.
func TestHeartbeatOnAFakeClock(t *testing.T) {
	clk := clock.NewFake(time.Unix(0, 0))
	var buf bytes.Buffer
	s := sse.NewStreamWithWriter(&buf, sse.WithHeartbeat(15*time.Second), sse.WithStreamClock(clk))
	clk.Advance(14 * time.Second)
	assert.DeepEqual(t, "", buf.String())
	clk.Advance(time.Second)
	assert.DeepEqual(t, ":\n", buf.String())
	clk.Advance(10 * time.Second)
	assert.Nil(t, s.Publish(&sse.Event{Data: []byte("x")})) // at 25 s: the silence starts again
	clk.Advance(14 * time.Second)
	assert.DeepEqual(t, ":\ndata: x\n\n", buf.String())
	clk.Advance(time.Second)
	assert.DeepEqual(t, ":\ndata: x\n\n:\n", buf.String())
	assert.Nil(t, s.Close())
	assert.DeepEqual(t, 0, clk.Waiting())

	// Zero means the default interval; negative, none.
	var dflt, none bytes.Buffer
	_ = sse.NewStreamWithWriter(&dflt, sse.WithHeartbeat(0), sse.WithStreamClock(clk))
	_ = sse.NewStreamWithWriter(&none, sse.WithHeartbeat(-1), sse.WithStreamClock(clk))
	clk.Advance(sse.DefaultHeartbeat)
	assert.DeepEqual(t, ":\n", dflt.String())
	assert.DeepEqual(t, "", none.String())
}

func TestHeartbeat(t *testing.T) {
	release := make(chan struct{})
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, sse.WithHeartbeat(5*time.Millisecond))
		<-release
		_ = s.Close()
	})
	r := bufio.NewReader(openStream(t, url+"/sse").BodyStream())
	for range 3 {
		line, err := r.ReadString('\n')
		assert.Nil(t, err)
		assert.DeepEqual(t, ":\n", line)
	}
	close(release)
}

// TestPublishFailsWhenClientLeaves: without any help from the server's options, a
// handler learns that its client has gone from the next write that fails.
func TestPublishFailsWhenClientLeaves(t *testing.T) {
	failed := make(chan error, 1)
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c)
		for {
			if err := s.Publish(&sse.Event{Data: bytes.Repeat([]byte("x"), 1024)}); err != nil {
				failed <- err
				return
			}
		}
	})
	resp := openStream(t, url+"/sse")
	_, err := newRefDecoder(resp.BodyStream()).next()
	assert.Nil(t, err)
	forceClose(resp)
	err = testkit.Within(t, 10*time.Second, failed, "the handler's failed Publish")
	assert.Assert(t, strings.Contains(err.Error(), "sse: stream to 127.0.0.1:"), err)
}

// TestSenseClientDisconnection: with server.WithSenseClientDisconnection(true) the
// handler's ctx ends when the client leaves, even while the handler writes nothing.
func TestSenseClientDisconnection(t *testing.T) {
	ended := make(chan error, 1)
	opened := make(chan struct{})
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c)
		close(opened)
		<-ctx.Done()
		ended <- s.Publish(&sse.Event{Data: []byte("too late")})
	}, testkit.SenseDisconnect)
	resp := openStream(t, url+"/sse")
	testkit.Within(t, 10*time.Second, opened, "the stream to open")
	forceClose(resp)
	err := testkit.Within(t, 10*time.Second, ended, "the handler's ctx to end")
	assert.Assert(t, err != nil)
}

// BenchmarkStreamLoopback measures one stream end to end over loopback: a Hertz
// handler publishes b.N events and a client reads them all, with a flush per event and
// with WithBatching.
func BenchmarkStreamLoopback(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []sse.StreamOption
	}{{"flush-each", nil}, {"batching", []sse.StreamOption{sse.WithBatching()}}} {
		b.Run(mode.name, func(b *testing.B) {
			e := benchEvent()
			n := make(chan int, 1)
			url := serveSSE(b, func(ctx context.Context, c *app.RequestContext) {
				s := sse.NewStream(c, mode.opts...)
				for range <-n {
					if err := s.Publish(e); err != nil {
						b.Error(err)
						return
					}
				}
			})
			wire, _ := encode(b, e)
			b.SetBytes(int64(len(wire)))
			b.ReportAllocs()
			n <- b.N
			b.ResetTimer()
			count := 0
			if err := sse.NewClient(url + "/sse").Subscribe(func(*sse.Event) { count++ }); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if count != b.N {
				b.Fatalf("received %d events, want %d", count, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func TestNewStreamNeverCompresses(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		c.Response.Header.Set("Content-Encoding", "gzip") // as a compression middleware would
		_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("plain")})
	})
	resp := openStream(t, url+"/sse", "Accept-Encoding", "gzip")
	assert.DeepEqual(t, "", string(resp.Header.Peek("Content-Encoding")))
	assert.DeepEqual(t, "data: plain\n\n", string(readAll(t, resp.BodyStream())))
}
