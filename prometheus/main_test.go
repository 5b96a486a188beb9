// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus_test

import (
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"go.uber.org/goleak"

	"github.com/hertz-contrib/sse/internal/testkit"
)

func TestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	goleak.VerifyTestMain(m, testkit.LeakOptions()...)
}
