// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build windows

package sse

import "github.com/cloudwego/hertz/pkg/network"

// netpollWaker reports false: Hertz's netpoll transport does not run on Windows.
func netpollWaker(network.Conn) (wake func(), onClose func(func()), ok bool) {
	return nil, nil, false
}
