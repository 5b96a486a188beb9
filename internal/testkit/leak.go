// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package testkit

import (
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"go.uber.org/goleak"
)

// LeakOptions ignores the goroutines that Hertz keeps on its own: netpoll's pollers,
// the server's date updater and the worker pool live for the whole process, and
// Hertz's client starts cleaner loops that end by themselves some seconds after their
// last connection closes. Every other goroutine left after the tests is a leak.
func LeakOptions() []goleak.Option {
	return []goleak.Option{
		goleak.IgnoreAnyFunction("github.com/cloudwego/netpoll.(*defaultPoll).Wait"),
		goleak.IgnoreAnyFunction("github.com/cloudwego/hertz/pkg/protocol.UpdateServerDate.func1"),
		goleak.IgnoreAnyFunction("github.com/bytedance/gopkg/util/gopool.(*worker).run.func1"),
		goleak.IgnoreAnyFunction("github.com/cloudwego/netpoll.(*gopool).run"),
		goleak.IgnoreAnyFunction("github.com/cloudwego/hertz/pkg/app/client.(*Client).cleaner"),
		goleak.IgnoreAnyFunction("github.com/cloudwego/hertz/pkg/protocol/http1.(*HostClient).connsCleaner"),
	}
}

// VerifyTestMain is the TestMain of a test binary that talks to Hertz: it quiets
// Hertz's logs to warnings, runs the tests, and fails the run if a goroutine that
// LeakOptions does not ignore outlives them.
func VerifyTestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	goleak.VerifyTestMain(m, LeakOptions()...)
}
