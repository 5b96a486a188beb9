// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// syncMarker ends every sync flush of compress/flate: an empty stored block.
var syncMarker = []byte{0, 0, 0xff, 0xff}

// rawResponse is a response read off the socket by hand: its header, and its body one
// HTTP chunk at a time, so that a test sees exactly what the server wrote and when.
type rawResponse struct {
	status string
	header textproto.MIMEHeader
	body   *chunkReader
}

// rawGet sends a GET for url+path with the given header lines on a connection of its
// own, closed when the test ends, and reads the response header.
func rawGet(t *testing.T, url, path string, header ...string) *rawResponse {
	t.Helper()
	addr := strings.TrimPrefix(url, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	req := "GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	for _, h := range header {
		req += h + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	tp := textproto.NewReader(bufio.NewReader(conn))
	status, err := tp.ReadLine()
	if err != nil {
		t.Fatal(err)
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		t.Fatal(err)
	}
	assert.DeepEqual(t, "chunked", h.Get("Transfer-Encoding"))
	return &rawResponse{status: status, header: h, body: &chunkReader{r: tp.R}}
}

// chunkReader reads a chunked body and keeps every chunk it read. A Read returns
// bytes of one chunk only, and reads the next chunk off the socket only when the one
// before is used up: what a reader decodes, it decoded from the chunks read so far.
type chunkReader struct {
	r      *bufio.Reader
	cur    []byte
	chunks [][]byte
	ended  bool // the last, empty chunk has been read
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.cur) == 0 {
		if c.ended {
			return 0, io.EOF
		}
		if err := c.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

func (c *chunkReader) next() error {
	line, err := c.r.ReadString('\n')
	if err != nil {
		return err
	}
	size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 32)
	if err != nil {
		return fmt.Errorf("bad chunk size line %q", line)
	}
	chunk := make([]byte, size+2)
	if _, err := io.ReadFull(c.r, chunk); err != nil {
		return err
	}
	if !bytes.HasSuffix(chunk, []byte("\r\n")) {
		return errors.New("chunk without its CRLF")
	}
	if size == 0 {
		c.ended = true // the body's end: an empty chunk, then the empty trailer
		return nil
	}
	c.cur = chunk[:size]
	c.chunks = append(c.chunks, c.cur)
	return nil
}

// TestCompressedStreamFlushesEveryEvent reads a compressed stream off the socket
// while the handler waits, before each event, for the reader to have decoded the one
// before: any event held back in the compressor would stall the test.
func TestCompressedStreamFlushesEveryEvent(t *testing.T) {
	events := []*sse.Event{
		{ID: "1", Event: "greeting", Data: []byte("hello")},
		{ID: "2", Data: []byte(`{"choices":[{"delta":{"content":" world"}}]}`)},
		{Data: []byte(strings.Repeat("highly repetitive ", 1000))},
		{Data: []byte("a\r\nb\rc\nhéllo 世界 😀")},
	}
	decoded := make(chan int)
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, sse.WithCompression())
		for i, e := range events {
			if i > 0 {
				testkit.Within(t, 10*time.Second, decoded, fmt.Sprintf("the client to decode event %d", i))
			}
			if err := s.Publish(e); err != nil {
				t.Error(err)
				return
			}
		}
	})
	resp := rawGet(t, url, "/sse", "Accept-Encoding: gzip")
	assert.DeepEqual(t, "HTTP/1.1 200 OK", resp.status)
	assert.DeepEqual(t, "gzip", resp.header.Get("Content-Encoding"))
	assert.DeepEqual(t, "Accept-Encoding", resp.header.Get("Vary"))
	assert.DeepEqual(t, "text/event-stream", resp.header.Get("Content-Type"))

	zr, err := gzip.NewReader(resp.body)
	assert.Nil(t, err)
	plain := new(bytes.Buffer)
	d := newRefDecoder(io.TeeReader(zr, plain))
	for i, e := range events {
		got, err := d.next()
		assert.Nil(t, err)
		assert.DeepEqual(t, normalizeLineEnds(string(e.Data)), got.Data)
		if i < len(events)-1 {
			decoded <- i + 1
		}
	}
	_, err = d.next()
	assert.DeepEqual(t, io.EOF, err) // gzip checked the trailer's CRC-32 and length
	assert.Assert(t, resp.body.ended)

	// On the wire: the gzip magic first; one chunk per event, each ending with a sync
	// flush; then one chunk with the end of the gzip data and its trailer, before the
	// body's last chunk.
	chunks := resp.body.chunks
	assert.DeepEqual(t, len(events)+1, len(chunks))
	assert.Assert(t, bytes.HasPrefix(chunks[0], []byte{0x1f, 0x8b, 8}), chunks[0])
	for i, c := range chunks[:len(events)] {
		assert.Assert(t, bytes.HasSuffix(c, syncMarker), i, c)
	}
	trailer := chunks[len(chunks)-1]
	assert.Assert(t, len(trailer) >= 8)
	assert.DeepEqual(t, crc32.ChecksumIEEE(plain.Bytes()), binary.LittleEndian.Uint32(trailer[len(trailer)-8:]))
	assert.DeepEqual(t, uint32(plain.Len()), binary.LittleEndian.Uint32(trailer[len(trailer)-4:]))

	// Compression did something: the big repetitive event went out in few bytes.
	assert.Assert(t, len(chunks[2]) < 200, len(chunks[2]))
}

func TestCompressedStreamCloseWritesTheTrailer(t *testing.T) {
	var buf bytes.Buffer
	s := sse.NewStreamWithWriter(&buf, sse.WithCompression())
	assert.Nil(t, s.Publish(&sse.Event{ID: "1", Data: []byte("one")}))
	assert.Nil(t, s.SendComment("two"))

	// Before Close every event is there, but the gzip data has no end.
	zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	assert.Nil(t, err)
	got, err := io.ReadAll(zr)
	assert.DeepEqual(t, io.ErrUnexpectedEOF, err)
	assert.DeepEqual(t, "id: 1\ndata: one\n\n:two\n", string(got))

	assert.Nil(t, s.Close())
	zr, err = gzip.NewReader(bytes.NewReader(buf.Bytes()))
	assert.Nil(t, err)
	got, err = io.ReadAll(zr)
	assert.Nil(t, err) // the trailer is there, and its CRC-32 and length are right
	assert.DeepEqual(t, "id: 1\ndata: one\n\n:two\n", string(got))

	n := buf.Len()
	assert.Nil(t, s.Close())
	assert.DeepEqual(t, n, buf.Len()) // a second Close writes nothing
	assert.Assert(t, errors.Is(s.Publish(&sse.Event{Data: []byte("late")}), sse.ErrStreamClosed))
	assert.DeepEqual(t, n, buf.Len())
}

func TestCompressedStreamEndsWithATrailerWhenNothingWasPublished(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		_ = sse.NewStream(c, sse.WithCompression())
	})
	resp := rawGet(t, url, "/sse", "Accept-Encoding: gzip")
	assert.DeepEqual(t, "gzip", resp.header.Get("Content-Encoding"))
	zr, err := gzip.NewReader(resp.body)
	assert.Nil(t, err)
	got, err := io.ReadAll(zr)
	assert.Nil(t, err)
	assert.DeepEqual(t, "", string(got))
	assert.DeepEqual(t, 1, len(resp.body.chunks)) // header, empty data and trailer together
}

func TestCompressedBatchingStreamDeliversEverythingInOrder(t *testing.T) {
	const writers, perWriter = 4, 2000
	url := serveConcurrentPublishes(t, writers, perWriter, sse.WithBatching(), sse.WithCompression())

	// The Go client decodes it all, in order.
	receiveInOrder(t, sse.NewClient(url+"/sse", sse.WithClientCompression()), writers, perWriter)

	// On the wire, every batch is one chunk that ends with a sync flush.
	resp := rawGet(t, url, "/sse", "Accept-Encoding: gzip")
	zr, err := gzip.NewReader(resp.body)
	assert.Nil(t, err)
	plain, err := io.ReadAll(zr)
	assert.Nil(t, err)
	assert.DeepEqual(t, writers*perWriter, bytes.Count(plain, []byte("\n\n")))
	chunks := resp.body.chunks
	for _, c := range chunks[:len(chunks)-1] {
		assert.Assert(t, bytes.HasSuffix(c, syncMarker))
	}
	t.Logf("%d events in %d chunks, %d bytes compressed from %d", writers*perWriter, len(chunks), totalLen(chunks), len(plain))
	assert.Assert(t, len(chunks) < writers*perWriter)
}

func totalLen(chunks [][]byte) int {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	return n
}

// TestCompressedHeartbeatsKeepAReadTimeoutAtBay: heartbeat comments leave the
// compressor as they are written, and a client's read timeout, which counts the
// compressed bytes, sees them.
func TestCompressedHeartbeatsKeepAReadTimeoutAtBay(t *testing.T) {
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		s := sse.NewStream(c, sse.WithCompression(), sse.WithHeartbeat(10*time.Millisecond))
		<-ctx.Done()
		_ = s.Close()
	}, testkit.SenseDisconnect)
	comments := make(chan struct{}, 100)
	c := sse.NewClient(url+"/sse", sse.WithClientCompression(), sse.WithReadTimeout(2*time.Second),
		sse.WithOnComment(func(string) {
			select {
			case comments <- struct{}{}:
			default:
			}
		}))
	sub := subscribeAsync(t, c, func(*sse.Event) {})
	for i := range 5 {
		testkit.Within(t, 10*time.Second, comments, fmt.Sprintf("heartbeat %d", i+1))
	}
	sub.cancelAndWait(t)
}

func TestCompressedPublishAllocatesNothing(t *testing.T) {
	s := sse.NewStreamWithWriter(io.Discard, sse.WithCompression())
	defer s.Close()
	e := benchEvent()
	allocs := testing.AllocsPerRun(1000, func() {
		if err := s.Publish(e); err != nil {
			t.Fatal(err)
		}
	})
	assert.DeepEqual(t, 0.0, allocs)
}

func BenchmarkPublishCompressed(b *testing.B) {
	var n countingWriter
	s := sse.NewStreamWithWriter(&n, sse.WithCompression())
	defer s.Close()
	benchPublish(b, s)
	b.ReportMetric(float64(n)/float64(b.N), "gzip-B/op")
}

// countingWriter counts what is written to it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// trickyData are payloads that are easy to get wrong on the wire.
var trickyData = []string{
	"hello",
	"",
	"one\ntwo\nthree",
	"one\r\ntwo\r\nthree",
	"one\rtwo",
	"a\rb\nc\r\nd\n\re",
	"\n",
	"trailing LF\n",
	"  leading spaces",
	": not a comment",
	"id: x",
	"nul\x00inside",
	"\ufeffBOM first",
	"héllo wörld, 日本語, 😀🎉 and 𝄞",
	strings.Repeat("0123456789abcdé🙂", 4000),
	strings.Repeat("line\r\n", 10000),
}
