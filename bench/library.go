// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

// library names one implementation in the comparison.
type library string

// The libraries of the comparison, in the order the report prints them.
const (
	// ours is github.com/hertz-contrib/sse, this repository.
	ours library = "hertz-contrib/sse"
	// hertzBuiltin is github.com/cloudwego/hertz/pkg/protocol/sse (Hertz v0.10.4).
	hertzBuiltin library = "hertz pkg/protocol/sse"
	// goSSE is github.com/tmaxmax/go-sse v0.12.0, on net/http.
	goSSE library = "tmaxmax/go-sse"
	// r3labs is github.com/r3labs/sse/v2 v2.10.0, on net/http.
	r3labs library = "r3labs/sse"
	// rawTCP is the ceiling: pre-encoded bytes over a loopback TCP connection with big
	// writes, read with a bufio.Reader that counts blank lines.
	rawTCP library = "raw TCP (ceiling)"
)

// libraries lists every library in report order.
var libraries = []library{ours, hertzBuiltin, goSSE, r3labs, rawTCP}

// IsPeer reports whether l is one of the peers the ratios compare this package with.
func (l library) IsPeer() bool {
	return l == hertzBuiltin || l == goSSE || l == r3labs
}

// Key returns a short name without slashes, for benchmark names.
func (l library) Key() string {
	switch l {
	case ours:
		return "ours"
	case hertzBuiltin:
		return "hertz"
	case goSSE:
		return "go-sse"
	case r3labs:
		return "r3labs"
	case rawTCP:
		return "raw"
	}
	return string(l)
}
