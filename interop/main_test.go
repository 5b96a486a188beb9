// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package interop_test

import (
	"testing"

	"github.com/hertz-contrib/sse/internal/testkit"
)

func TestMain(m *testing.M) { testkit.VerifyTestMain(m) }
