// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"

	"github.com/hertz-contrib/sse"
)

// startEncode sets b up for one sample event per op and starts its clock.
func startEncode(b *testing.B) {
	b.SetBytes(int64(len(sampleWire())))
	b.ReportAllocs()
	b.ResetTimer()
}

// encodeOurs encodes the sample event with Event.AppendText into a reused buffer:
// this package's encoder alone, as the go-sse row is Message.WriteTo into a buffer.
func encodeOurs(b *testing.B) {
	e := sampleEvent()
	buf := make([]byte, 0, 512)
	startEncode(b)
	var err error
	for i := 0; i < b.N; i++ {
		if buf, err = e.AppendText(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if !bytes.Equal(buf, sampleWire()) {
		b.Fatal("AppendText and Stream.Publish disagree")
	}
}

// encodeOursStream publishes the sample event through a Stream that writes to
// io.Discard: the encoder plus the Stream's lock, write and flush. It is a go test
// benchmark (Encode/ours-stream), not a report row.
func encodeOursStream(b *testing.B) {
	s := sse.NewStreamWithWriter(io.Discard)
	e := sampleEvent()
	startEncode(b)
	for i := 0; i < b.N; i++ {
		if err := s.Publish(e); err != nil {
			b.Fatal(err)
		}
	}
}

// discardExtWriter is a Hertz response writer that drops everything, for Hertz's
// built-in sse.Writer.
type discardExtWriter struct{}

func (discardExtWriter) Write(p []byte) (int, error) { return len(p), nil }
func (discardExtWriter) Flush() error                { return nil }
func (discardExtWriter) Finalize() error             { return nil }

// encodeHertz writes the sample event with Hertz's built-in sse.Writer, whose
// response writer drops the bytes.
func encodeHertz(b *testing.B) {
	c := app.NewContext(0)
	c.Response.HijackWriter(discardExtWriter{})
	w := hsse.NewWriter(c)
	e := &hsse.Event{ID: sampleID, Type: sampleType, Data: sampleData}
	startEncode(b)
	for i := 0; i < b.N; i++ {
		if err := w.Write(e); err != nil {
			b.Fatal(err)
		}
	}
}

// encodeGoSSE writes the sample go-sse Message with WriteTo into a bufio.Writer over
// io.Discard: go-sse writes a message field by field, and in its Server that writer is
// net/http's buffered response writer.
func encodeGoSSE(b *testing.B) {
	m := goSSEMessage(sampleID, sampleType, sampleData)
	bw := bufio.NewWriterSize(io.Discard, 4096)
	startEncode(b)
	for i := 0; i < b.N; i++ {
		if _, err := m.WriteTo(bw); err != nil {
			b.Fatal(err)
		}
	}
}

// goSSEMessage builds a go-sse Message the way its users do.
func goSSEMessage(id, typ string, data []byte) *gosse.Message {
	m := &gosse.Message{ID: gosse.ID(id), Type: gosse.Type(typ)}
	m.AppendData(string(data))
	return m
}

// encodeR3labs publishes the sample event to one subscriber of an r3labs Server whose
// ServeHTTP writes to a discarding ResponseWriter. r3labs has no encoder of its own:
// it formats events inside ServeHTTP, after two channel hops, so this is the cost of
// one event through its server.
func encodeR3labs(b *testing.B) {
	srv := r3.New()
	srv.AutoReplay = false
	srv.SplitData = true // without it, multi-line data is written as one broken data line
	subscribed := make(chan struct{}, 1)
	srv.OnSubscribe = func(string, *r3.Subscriber) { subscribed <- struct{}{} }
	srv.CreateStream("bench")
	defer srv.Close()

	w := &countingResponseWriter{header: http.Header{}}
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest(http.MethodGet, "/?stream=bench", nil).WithContext(ctx)
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.ServeHTTP(w, req)
	}()
	defer func() { cancel(); <-served }()
	<-subscribed

	e := &r3.Event{ID: []byte(sampleID), Event: []byte(sampleType), Data: sampleData}
	reached := w.expect(b.N)
	startEncode(b)
	for i := 0; i < b.N; i++ {
		srv.Publish("bench", e)
	}
	<-reached
	b.StopTimer()
}

// countingResponseWriter drops what is written and signals when a number of flushed
// events has been reached.
type countingResponseWriter struct {
	header  http.Header
	mu      sync.Mutex
	dirty   bool
	flushed int
	target  int
	reached chan struct{}
}

func (w *countingResponseWriter) Header() http.Header { return w.header }
func (w *countingResponseWriter) WriteHeader(int)     {}

func (w *countingResponseWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.dirty = true
	w.mu.Unlock()
	return len(p), nil
}

// Flush counts one event if anything was written since the last Flush.
func (w *countingResponseWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.dirty {
		return
	}
	w.dirty = false
	w.flushed++
	if w.reached != nil && w.flushed == w.target {
		close(w.reached)
		w.reached = nil
	}
}

// expect returns a channel closed once n more events have been flushed.
func (w *countingResponseWriter) expect(n int) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := make(chan struct{})
	w.target = w.flushed + n
	if n == 0 {
		close(ch)
		return ch
	}
	w.reached = ch
	return ch
}

// encodeRaw copies the pre-encoded event into a reused buffer: the floor of any
// encoder.
func encodeRaw(b *testing.B) {
	wire := sampleWire()
	buf := make([]byte, 0, 512)
	startEncode(b)
	for i := 0; i < b.N; i++ {
		buf = append(buf[:0], wire...)
	}
	if len(buf) != len(wire) {
		b.Fatal("copy lost bytes")
	}
}
