// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"

	"github.com/cloudwego/hertz/pkg/common/hlog"
)

// logger is where a Stream, a Client or a Hub reports what it cannot return as an
// error: the one given with WithStreamLogger, WithClientLogger or WithHubLogger, or,
// by default, hlog's package-level logger, so that hlog.SetLogger decides, as for the
// rest of a Hertz application.
type logger struct{ l hlog.CtxLogger }

func (g logger) infof(ctx context.Context, format string, v ...any) {
	if g.l != nil {
		g.l.CtxInfof(ctx, format, v...)
		return
	}
	hlog.CtxInfof(ctx, format, v...)
}

func (g logger) warnf(ctx context.Context, format string, v ...any) {
	if g.l != nil {
		g.l.CtxWarnf(ctx, format, v...)
		return
	}
	hlog.CtxWarnf(ctx, format, v...)
}

func (g logger) errorf(ctx context.Context, format string, v ...any) {
	if g.l != nil {
		g.l.CtxErrorf(ctx, format, v...)
		return
	}
	hlog.CtxErrorf(ctx, format, v...)
}
