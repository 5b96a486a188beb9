// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"context"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/hertz-contrib/sse/internal/testkit"
	goredis "github.com/redis/go-redis/v9"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The outage tests make Listen and go-redis log on purpose.
	hlog.SetLevel(hlog.LevelFatal)
	goredis.SetLogger(quiet{})
	goleak.VerifyTestMain(m, testkit.LeakOptions()...)
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
