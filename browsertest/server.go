// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"testing"

	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"

	"github.com/hertz-contrib/sse/internal/testkit"
)

// StartServer runs a Hertz server on a free port of 127.0.0.1 with the routes that
// register adds, and returns its base URL, such as "http://127.0.0.1:34567". opts
// come after the defaults, so they can override them. The server is shut down when
// the test ends, after any browser launched later in the test has been stopped.
func StartServer(t testing.TB, register func(h *server.Hertz), opts ...config.Option) string {
	t.Helper()
	return testkit.StartServer(t, register, opts...)
}
