// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"strconv"
)

// The fan-out events carry their send time in their data, so that each subscriber
// can measure how long delivery took: "t <unix nanoseconds> <padding>". Warm-up
// events, which only prove that a subscriber is registered, carry "w".
const (
	fanoutType    = "tick"
	fanoutPadding = "................................................................"
)

// tickData returns the data of a timed fan-out event sent at sentNs.
func tickData(sentNs int64) []byte {
	b := make([]byte, 0, 96)
	b = append(b, "t "...)
	b = strconv.AppendInt(b, sentNs, 10)
	b = append(b, ' ')
	return append(b, fanoutPadding...)
}

// warmData is the data of a warm-up event.
var warmData = []byte("w")

// parseTick returns the send time of a timed event's data, and false for any other.
func parseTick(data []byte) (int64, bool) {
	if len(data) < 3 || data[0] != 't' || data[1] != ' ' {
		return 0, false
	}
	rest := data[2:]
	if i := bytes.IndexByte(rest, ' '); i >= 0 {
		rest = rest[:i]
	}
	ns, err := strconv.ParseInt(string(rest), 10, 64)
	return ns, err == nil
}

// appendTick appends the wire encoding of a fan-out event, for the raw ceiling.
func appendTick(dst []byte, id string, data []byte) []byte {
	dst = append(dst, "id: "...)
	dst = append(dst, id...)
	dst = append(dst, "\nevent: "+fanoutType+"\ndata: "...)
	dst = append(dst, data...)
	return append(dst, "\n\n"...)
}
