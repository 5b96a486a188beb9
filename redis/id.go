// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"cmp"
	"strconv"
	"strings"
)

// streamID is the ID of a Redis stream entry: the milliseconds of the time it was
// added, then a sequence number within that millisecond.
type streamID struct {
	ms, seq uint64
}

// parseID parses an ID of the form "1700000000000-0", the only form XADD assigns.
func parseID(s string) (streamID, bool) {
	msPart, seqPart, ok := strings.Cut(s, "-")
	if !ok || !digits(msPart) || !digits(seqPart) {
		return streamID{}, false
	}
	ms, err1 := strconv.ParseUint(msPart, 10, 64)
	seq, err2 := strconv.ParseUint(seqPart, 10, 64)
	return streamID{ms, seq}, err1 == nil && err2 == nil
}

// digits reports whether s is a non-empty run of ASCII digits: ParseUint alone
// would take a sign.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (id streamID) compare(other streamID) int {
	if c := cmp.Compare(id.ms, other.ms); c != 0 {
		return c
	}
	return cmp.Compare(id.seq, other.seq)
}

func (id streamID) String() string {
	b := make([]byte, 0, 24)
	b = strconv.AppendUint(b, id.ms, 10)
	b = append(b, '-')
	b = strconv.AppendUint(b, id.seq, 10)
	return string(b)
}
