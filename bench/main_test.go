// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"go.uber.org/goleak"

	"github.com/hertz-contrib/sse/internal/testkit"
)

func TestMain(m *testing.M) {
	maybeRunChild() // the fan-out tests start this binary again as their subscribers
	hlog.SetLevel(hlog.LevelError)
	goleak.VerifyTestMain(m, testkit.LeakOptions()...)
}
