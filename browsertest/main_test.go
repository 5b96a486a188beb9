// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"go.uber.org/goleak"

	"github.com/hertz-contrib/sse/internal/testkit"
)

// TestMain fails the run if a goroutine or a Chromium process outlives the tests.
// Every browser's directories, the profile that chromedp makes included, are
// created under a temporary directory of this run, so a process that still names
// it on its command line belongs to one of this run's browsers.
func TestMain(m *testing.M) {
	hlog.SetLevel(hlog.LevelWarn)
	tmp, err := os.MkdirTemp("", "browsertest-run-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TMPDIR", tmp) // os.TempDir, which chromedp uses too

	code := m.Run()
	if code == 0 {
		if err := goleak.Find(testkit.LeakOptions()...); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on a successful test run: %v\n", err)
			code = 1
		}
	}
	if left := killProcessesNaming(tmp); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "Chromium processes outlived the tests:\n%s", bytes.Join(left, []byte("\n")))
		code = 1
	}
	if err := os.RemoveAll(tmp); err != nil {
		fmt.Fprintf(os.Stderr, "remove %s: %v\n", tmp, err)
		code = 1
	}
	os.Exit(code)
}

// killProcessesNaming kills every process in /proc whose command line contains dir
// (so none, where there is no /proc), and returns their command lines.
func killProcessesNaming(dir string) [][]byte {
	paths, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var found [][]byte
	for _, path := range paths {
		cmdline, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(cmdline, []byte(dir)) {
			continue
		}
		found = append(found, bytes.ReplaceAll(cmdline, []byte{0}, []byte(" ")))
		if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(path))); err == nil {
			if p, err := os.FindProcess(pid); err == nil {
				_ = p.Kill()
			}
		}
	}
	return found
}
