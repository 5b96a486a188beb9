// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// lines is a logger that keeps what it is told, level first.
type lines struct {
	hlog.FullLogger
	mu  sync.Mutex
	got []string
}

func newLines() *lines { return &lines{FullLogger: hlog.DefaultLogger()} }

func (l *lines) add(level, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, level+" "+fmt.Sprintf(format, v...))
}

func (l *lines) CtxInfof(_ context.Context, format string, v ...any)  { l.add("info", format, v...) }
func (l *lines) CtxWarnf(_ context.Context, format string, v ...any)  { l.add("warn", format, v...) }
func (l *lines) CtxErrorf(_ context.Context, format string, v ...any) { l.add("error", format, v...) }

func (l *lines) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.got...)
}

func TestLoggersReceiveWhatIsNotReturned(t *testing.T) {
	hubLog, clientLog, streamLog := newLines(), newLines(), newLines()
	down := sse.NewHub(sse.WithReplayer(failingReplayer{Replayer: sse.NewMemoryReplayer(0, 0), lastID: errBackendDown}),
		sse.WithHubLogger(hubLog), sse.WithHubRetry(time.Millisecond))
	t.Cleanup(func() { _ = down.Shutdown(context.Background()) })
	url := testkit.Serve(t, testkit.Routes{
		"/down": func(ctx context.Context, c *app.RequestContext) { _ = down.Serve(ctx, c) },
		"/late-body": func(ctx context.Context, c *app.RequestContext) {
			_ = sse.NewStream(c, sse.WithStreamLogger(streamLog)).Publish(&sse.Event{Data: []byte("x")})
			c.String(500, "too late") // dropped: the stream has started
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	attempts := 0
	c := sse.NewClient(url+"/down", sse.WithClientLogger(clientLog), sse.WithOnConnect(func(context.Context, *sse.Client) {
		if attempts++; attempts == 2 {
			cancel()
		}
	}), sse.WithReconnect(sse.ReconnectPolicy{Delay: -1}))
	assert.DeepEqual(t, context.Canceled, c.SubscribeWithContext(ctx, func(*sse.Event) {}))
	_, err := collect(t, context.Background(), sse.NewClient(url+"/late-body"))
	assert.Nil(t, err)

	has := func(l *lines, prefix, part string) bool {
		for _, line := range l.all() {
			if strings.HasPrefix(line, prefix) && strings.Contains(line, part) {
				return true
			}
		}
		return false
	}
	assert.Assert(t, has(hubLog, "error", "told to come back"), hubLog.all())
	assert.Assert(t, has(clientLog, "info", "reconnecting in"), clientLog.all())
	assert.Assert(t, has(streamLog, "warn", "dropped 8 bytes of response body"), streamLog.all())
}
