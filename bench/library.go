// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

// Library names one implementation in the comparison.
type Library string

// The libraries of the comparison, in the order the report prints them.
const (
	// Ours is github.com/hertz-contrib/sse, this repository.
	Ours Library = "hertz-contrib/sse"
	// HertzBuiltin is github.com/cloudwego/hertz/pkg/protocol/sse (Hertz v0.10.4).
	HertzBuiltin Library = "hertz pkg/protocol/sse"
	// GoSSE is github.com/tmaxmax/go-sse v0.12.0, on net/http.
	GoSSE Library = "tmaxmax/go-sse"
	// R3labs is github.com/r3labs/sse/v2 v2.10.0, on net/http.
	R3labs Library = "r3labs/sse"
	// Raw is the ceiling: pre-encoded bytes over a loopback TCP connection with big
	// writes, read with a bufio.Reader that counts blank lines.
	Raw Library = "raw TCP (ceiling)"
)

// Libraries lists every library in report order.
var Libraries = []Library{Ours, HertzBuiltin, GoSSE, R3labs, Raw}

// IsPeer reports whether l is one of the peers the ratios compare this package with.
func (l Library) IsPeer() bool {
	return l == HertzBuiltin || l == GoSSE || l == R3labs
}

// Key returns a short name without slashes, for benchmark names.
func (l Library) Key() string {
	switch l {
	case Ours:
		return "ours"
	case HertzBuiltin:
		return "hertz"
	case GoSSE:
		return "go-sse"
	case R3labs:
		return "r3labs"
	case Raw:
		return "raw"
	}
	return string(l)
}
