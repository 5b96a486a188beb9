// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build !linux

package testkit

import "net"

// listenNetpoll returns a plain listener on addr; see the Linux version for why it differs
// there.
func listenNetpoll(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
