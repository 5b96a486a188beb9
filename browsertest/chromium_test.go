// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

// recordingTB records Fatalf and Skipf instead of ending the test.
type recordingTB struct {
	testing.TB
	fatal, skip string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }

func (r *recordingTB) Skipf(format string, args ...any) { r.skip = fmt.Sprintf(format, args...) }

func TestMissingChromium(t *testing.T) {
	tests := []struct {
		ci       string
		wantFail bool
	}{
		{ci: "", wantFail: false},
		{ci: "false", wantFail: false},
		{ci: "true", wantFail: true},
		{ci: "1", wantFail: true},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			missingChromium(rec, ErrNoChromium, tt.ci)
			msg := rec.skip
			if tt.wantFail {
				msg = rec.fatal
				assert.DeepEqual(t, "", rec.skip)
			} else {
				assert.DeepEqual(t, "", rec.fatal)
			}
			assert.Assert(t, strings.Contains(msg, "apt-get install chromium"), msg)
			assert.Assert(t, strings.Contains(msg, ErrNoChromium.Error()), msg)
		})
	}
}

func TestFindChromiumFromEnv(t *testing.T) {
	t.Setenv(EnvChromium, "/nonexistent/chromium")
	_, err := FindChromium()
	assert.Assert(t, errors.Is(err, ErrNoChromium), err)
	assert.Assert(t, strings.Contains(err.Error(), "/nonexistent/chromium"), err)
}
