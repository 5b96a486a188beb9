// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/protocol"
	hsse "github.com/cloudwego/hertz/pkg/protocol/sse"
	r3 "github.com/r3labs/sse/v2"
	gosse "github.com/tmaxmax/go-sse"
	"gopkg.in/cenkalti/backoff.v1"

	"github.com/hertz-contrib/sse"
)

// Each reader below reads one whole event stream with one library's fastest public
// reading API and returns how many events it dispatched.

// readOurs subscribes with this package's Client and counts the events.
func readOurs(c *sse.Client) (int, error) {
	n := 0
	err := c.Subscribe(func(*sse.Event) { n++ })
	return n, err
}

// decodeOurs reads r to its end with this package's Decoder and counts the events.
func decodeOurs(r io.Reader) (int, error) {
	d := sse.NewDecoder(r, 0)
	n := 0
	for {
		if _, err := d.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		n++
	}
}

// readHertzResponse reads a streamed Hertz response with the built-in Reader.
func readHertzResponse(resp *protocol.Response) (int, error) {
	r, err := hsse.NewReader(resp)
	if err != nil {
		return 0, err
	}
	n := 0
	err = r.ForEach(context.Background(), func(*hsse.Event) error {
		n++
		return nil
	})
	return n, err
}

// readHertzURL requests url with Hertz's client and reads it with the built-in Reader.
func readHertzURL(hc *client.Client, url string) (int, error) {
	req, resp := protocol.AcquireRequest(), protocol.AcquireResponse()
	defer protocol.ReleaseRequest(req)
	defer protocol.ReleaseResponse(resp)
	req.SetRequestURI(url)
	hsse.AddAcceptMIME(req)
	if err := hc.Do(context.Background(), req, resp); err != nil {
		return 0, err
	}
	defer resp.CloseBodyStream() //nolint:errcheck // the body was read to its end
	return readHertzResponse(resp)
}

// newHertzStreamingClient returns the Hertz client the built-in Reader needs.
func newHertzStreamingClient() (*client.Client, error) {
	return client.NewClient(client.WithResponseBodyStream(true))
}

// readGoSSE parses r with go-sse's Read iterator.
func readGoSSE(r io.Reader) (int, error) {
	n := 0
	for _, err := range gosse.Read(r, nil) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// readGoSSEConnection reads url with a go-sse client Connection that does not
// reconnect; the end of the stream is its normal end here.
func readGoSSEConnection(hc *http.Client, url string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	c := &gosse.Client{HTTPClient: hc, Backoff: gosse.Backoff{MaxRetries: -1}}
	conn := c.NewConnection(req)
	n := 0
	conn.SubscribeToAll(func(gosse.Event) { n++ })
	if err := conn.Connect(); err != nil && !errors.Is(err, io.EOF) {
		return n, err
	}
	return n, nil
}

// readR3labs reads url with an r3labs Client whose requests go through hc and that
// does not reconnect.
func readR3labs(hc *http.Client, url string) (int, error) {
	c := r3.NewClient(url)
	c.Connection = hc
	c.ReconnectStrategy = &backoff.StopBackOff{}
	n := 0
	err := c.SubscribeRaw(func(*r3.Event) { n++ })
	return n, err
}

// readRawURL requests path from addr by hand and counts blank lines.
func readRawURL(addr, path string) (int, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	body, err := rawGet(conn, path, "", 64<<10)
	if err != nil {
		return 0, err
	}
	return countEvents(body)
}

// readRawBytes counts the blank lines of stream.
func readRawBytes(stream []byte) (int, error) {
	return countEvents(bufio.NewReaderSize(bytes.NewReader(stream), 64<<10))
}

// memTransport answers every request with a 200 event stream of body, from memory.
type memTransport struct{ body []byte }

func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"text/event-stream"}},
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		ContentLength: int64(len(t.body)),
		Request:       req,
	}, nil
}

// hertzMemResponse returns a Hertz response whose streamed body is stream.
func hertzMemResponse(stream []byte) *protocol.Response {
	resp := protocol.AcquireResponse()
	resp.Header.SetContentType("text/event-stream")
	resp.SetBodyStream(bytes.NewReader(stream), len(stream))
	return resp
}
