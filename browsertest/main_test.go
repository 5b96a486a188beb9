// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/hertz-contrib/sse/internal/testkit"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	goleak.VerifyTestMain(m, testkit.LeakOptions()...)
}
