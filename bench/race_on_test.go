// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build race

package main

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = true
