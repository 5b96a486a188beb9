// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package interop holds only tests: they check that github.com/hertz-contrib/sse and
// its peers understand each other on the wire. The same tricky events (CR, CRLF,
// 4-byte UTF-8, empty data, leading spaces, colon-prefixed lines, odd IDs and event
// names) go from this package's server to the client of each peer, and from the
// server of each peer to this package's client; what arrives is checked against the
// WHATWG standard's algorithm, decoded independently here.
//
// The peers are Hertz's built-in github.com/cloudwego/hertz/pkg/protocol/sse,
// github.com/tmaxmax/go-sse and github.com/r3labs/sse/v2. Where a peer departs from
// the standard, the tests log it with the peer's bug named, and skip the case when
// the peer cannot do it at all; a deviation that goes away fails the test, so that
// the list stays true. r3labs' base64 encoding, which is not part of the standard,
// is checked against this package's WithEncodingBase64.
//
// It is a module of its own so that the core module never depends on a peer.
package interop
