// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser

// Footprint returns the total capacity of the buffers p holds, in bytes.
func Footprint(p *Parser) int {
	return cap(p.buf) + cap(p.data.own) + cap(p.typ.own) + cap(p.id.own) + cap(p.lastID)
}

// DefaultMaxSize is the limit New uses for a non-positive maxSize.
const DefaultMaxSize = defaultMaxSize
