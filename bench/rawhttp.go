// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http/httputil"
	"strconv"
)

// rawGet sends a GET for path over conn, written by hand, reads the response header
// and returns a reader of the body with its transfer coding removed. It is the cheap
// client of the fan-out and replay workloads: the same few lines for every server.
// lastEventID, if not empty, is sent as Last-Event-ID.
func rawGet(conn net.Conn, path, lastEventID string, bufSize int) (*bufio.Reader, error) {
	req := make([]byte, 0, 256)
	req = append(req, "GET "...)
	req = append(req, path...)
	req = append(req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"...)
	if lastEventID != "" {
		req = append(req, "Last-Event-ID: "...)
		req = append(req, lastEventID...)
		req = append(req, "\r\n"...)
	}
	req = append(req, "\r\n"...)
	if _, err := conn.Write(req); err != nil {
		return nil, fmt.Errorf("bench: send request: %w", err)
	}
	return readResponseHead(bufio.NewReaderSize(conn, bufSize), bufSize)
}

// readResponseHead reads a response's status line and header from br and returns a
// reader of its body: de-chunked, limited to Content-Length, or br itself.
func readResponseHead(br *bufio.Reader, bufSize int) (*bufio.Reader, error) {
	status, err := br.ReadSlice('\n')
	if err != nil {
		return nil, fmt.Errorf("bench: read status line: %w", err)
	}
	if !bytes.HasPrefix(status, []byte("HTTP/1.1 200")) {
		return nil, fmt.Errorf("bench: unexpected status line %q", bytes.TrimSpace(status))
	}
	chunked, length := false, int64(-1)
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return nil, fmt.Errorf("bench: read header: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				return nil, fmt.Errorf("bench: bad Content-Length %q", value)
			}
		}
	}
	switch {
	case chunked:
		return bufio.NewReaderSize(httputil.NewChunkedReader(br), bufSize), nil
	case length >= 0:
		return bufio.NewReaderSize(io.LimitReader(br, length), bufSize), nil
	}
	return br, nil
}

// eventScanner reads an event stream line by line without decoding it: it hands over
// each field and reports the end of each block that dispatches an event, that is one
// with a data field (a block with only an id sets the last event ID and dispatches
// nothing). It trusts the server: every workload's server writes LF line ends and
// "name: value" fields.
type eventScanner struct {
	r       *bufio.Reader
	hasData bool // a data field was read since the last blank line
}

// next returns the next field's name and value (without the LF), or a nil name at the
// end of an event. It returns io.EOF at the end of the stream. The slices are valid
// until the next call.
func (s *eventScanner) next() (name, value []byte, err error) {
	for {
		line, err := s.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than the buffer: only data lines are that long here.
			s.hasData = true
			for err == bufio.ErrBufferFull {
				_, err = s.r.ReadSlice('\n')
			}
			if err == nil {
				continue
			}
		}
		if err != nil {
			return nil, nil, err
		}
		line = line[:len(line)-1]
		switch {
		case len(line) == 0:
			if s.hasData {
				s.hasData = false
				return nil, nil, nil
			}
		case line[0] == ':':
			// A comment, such as a heartbeat.
		default:
			name, value, _ := bytes.Cut(line, []byte(":"))
			if string(name) == "data" {
				s.hasData = true
			}
			return name, bytes.TrimPrefix(value, []byte(" ")), nil
		}
	}
}

// countEvents counts the events of a stream until its end, the raw ceiling's reader.
func countEvents(r *bufio.Reader) (int, error) {
	n := 0
	for {
		line, err := r.ReadSlice('\n')
		if err == io.EOF {
			return n, nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return n, err
		}
		if len(line) == 1 {
			n++
		}
	}
}
