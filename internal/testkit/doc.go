// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package testkit holds the helpers that the tests of every module of this repository
// share: real Hertz servers on loopback, subscribers that record what they receive,
// bounded waits, and the goroutine-leak rules. It is for tests only.
package testkit
