// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// devtools is a minimal client of the Chrome DevTools Protocol over the pipe that
// --remote-debugging-pipe opens: Chromium reads commands from its file descriptor 3
// and writes responses and events to its descriptor 4, each one JSON message ended by
// a NUL byte. It is not safe for concurrent use; every read and write is bounded by
// the deadline given to newDevtools.
type devtools struct {
	w      *os.File // our end of Chromium's fd 3
	r      *os.File // our end of Chromium's fd 4
	br     *bufio.Reader
	nextID int64
	queued []devtoolsMessage // events read while waiting for a response
}

// devtoolsMessage is a command, a response or an event.
type devtoolsMessage struct {
	ID        int64           `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// newDevtools makes the two pipes. childFiles are Chromium's fd 3 and fd 4, to pass
// as ExtraFiles and close once it has started; close closes our ends.
func newDevtools(deadline time.Time) (d *devtools, childFiles []*os.File, err error) {
	childR, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	r, childW, err := os.Pipe()
	if err != nil {
		childR.Close()
		w.Close()
		return nil, nil, err
	}
	// Pipes made by os.Pipe are pollable, so deadlines bound every read and write.
	_ = w.SetWriteDeadline(deadline)
	_ = r.SetReadDeadline(deadline)
	return &devtools{w: w, r: r, br: bufio.NewReader(r)}, []*os.File{childR, childW}, nil
}

func (d *devtools) close() {
	d.w.Close()
	d.r.Close()
}

// call sends method with params to the target attached as session ("" for the
// browser itself), waits for its response and decodes the result into result, which
// may be nil.
func (d *devtools) call(session, method string, params, result any) error {
	d.nextID++
	id := d.nextID
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	msg, err := json.Marshal(devtoolsMessage{ID: id, SessionID: session, Method: method, Params: p})
	if err != nil {
		return err
	}
	if _, err := d.w.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("devtools %s: send: %w", method, err)
	}
	for {
		m, err := d.read()
		if err != nil {
			return fmt.Errorf("devtools %s: %w", method, err)
		}
		if m.ID != id {
			if m.Method != "" {
				d.queued = append(d.queued, m)
			}
			continue
		}
		if m.Error != nil {
			return fmt.Errorf("devtools %s: error %d: %s", method, m.Error.Code, m.Error.Message)
		}
		if result == nil {
			return nil
		}
		return json.Unmarshal(m.Result, result)
	}
}

// waitEvent returns the params of the first event of session that match reports
// true for, including events queued while call waited for responses.
func (d *devtools) waitEvent(session string, match func(method string, params json.RawMessage) bool) (json.RawMessage, error) {
	for i, m := range d.queued {
		if m.SessionID == session && match(m.Method, m.Params) {
			d.queued = append(d.queued[:i], d.queued[i+1:]...)
			return m.Params, nil
		}
	}
	for {
		m, err := d.read()
		if err != nil {
			return nil, err
		}
		if m.Method != "" && m.SessionID == session && match(m.Method, m.Params) {
			return m.Params, nil
		}
	}
}

func (d *devtools) read() (devtoolsMessage, error) {
	var m devtoolsMessage
	line, err := d.br.ReadBytes(0)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return m, fmt.Errorf("no answer from Chromium within %v", WaitTimeout)
		}
		return m, fmt.Errorf("read from Chromium: %w", err)
	}
	if err := json.Unmarshal(line[:len(line)-1], &m); err != nil {
		return m, fmt.Errorf("undecodable message from Chromium: %w", err)
	}
	return m, nil
}
