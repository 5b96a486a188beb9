// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// reference interprets a whole event stream with a direct, slow transcription
// of the WHATWG algorithm, plus the parser's size limit. It is the oracle the
// parser is compared with.
func reference(stream []byte, maxSize int) result {
	in := string(stream)
	in = strings.TrimPrefix(in, "\uFEFF") // only one, only at the start

	// Split into lines: CRLF, LF or CR ends a line.
	var lines []string
	start := 0
	for i := 0; i < len(in); i++ {
		switch in[i] {
		case '\r':
			lines = append(lines, in[start:i])
			if i+1 < len(in) && in[i+1] == '\n' {
				i++
			}
			start = i + 1
		case '\n':
			lines = append(lines, in[start:i])
			start = i + 1
		}
	}
	unterminated := in[start:]

	var (
		res          result
		data, typ    string
		idBuffer     string // the spec's last event ID buffer
		lastIDString string // the event source's last event ID string
		blockID      string
		blockHasID   bool
		blockRetry   time.Duration
		blockHasRT   bool
	)
	finish := func(kind string) result {
		res.Err = kind
		res.LastID = lastIDString
		return res
	}
	for _, line := range lines {
		if len(line) > maxSize {
			return finish(errKindTooLarge)
		}
		if line == "" {
			// Dispatch the event.
			lastIDString = idBuffer
			if data != "" {
				res.Events = append(res.Events, event{
					ID:       blockID,
					HasID:    blockHasID,
					Type:     typ,
					Data:     strings.TrimSuffix(data, "\n"),
					Retry:    blockRetry,
					HasRetry: blockHasRT,
					LastID:   lastIDString,
				})
			}
			data, typ = "", ""
			blockID, blockHasID = "", false
			blockRetry, blockHasRT = 0, false
			continue
		}
		if line[0] == ':' {
			continue
		}
		name, val := line, ""
		if i := strings.IndexByte(line, ':'); i >= 0 {
			name, val = line[:i], line[i+1:]
			val = strings.TrimPrefix(val, " ")
		}
		switch name {
		case "event":
			typ = val
		case "data":
			data += val + "\n"
			if len(data)-1 > maxSize {
				return finish(errKindTooLarge)
			}
		case "id":
			if !strings.Contains(val, "\x00") {
				idBuffer = val
				blockID, blockHasID = val, true
			}
		case "retry":
			if val != "" && strings.Trim(val, "0123456789") == "" {
				ms, err := strconv.ParseInt(val, 10, 64)
				if err == nil && ms <= math.MaxInt64/int64(time.Millisecond) {
					res.Retry, res.HasRetry = time.Duration(ms)*time.Millisecond, true
					blockRetry, blockHasRT = res.Retry, true
				}
			}
		}
	}
	if len(unterminated) > maxSize {
		return finish(errKindTooLarge)
	}
	return finish(errKindEOF)
}
