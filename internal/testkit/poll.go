// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"runtime"
	"testing"
	"time"
)

// WaitUntil polls cond, yielding between polls, until it holds, and fails the test
// after 10 seconds. It is for state that nothing signals, such as the length of a
// queue inside the code under test; cond must only read that state.
func WaitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
	}
}
