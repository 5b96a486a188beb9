// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	goleak.VerifyTestMain(m, leakOptions()...)
}

// leakOptions ignores the goroutines that Hertz keeps for the whole process: netpoll's
// pollers, the server's date updater and the worker pools.
func leakOptions() []goleak.Option {
	return []goleak.Option{
		goleak.IgnoreAnyFunction("github.com/cloudwego/netpoll.(*defaultPoll).Wait"),
		goleak.IgnoreAnyFunction("github.com/cloudwego/hertz/pkg/protocol.UpdateServerDate.func1"),
		goleak.IgnoreAnyFunction("github.com/bytedance/gopkg/util/gopool.(*worker).run.func1"),
		goleak.IgnoreAnyFunction("github.com/cloudwego/netpoll.(*gopool).run"),
	}
}
