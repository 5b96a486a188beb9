// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// EnvChromium names the environment variable that, when set, is the path of the
// Chromium binary to use instead of searching PATH.
const EnvChromium = "CHROMIUM"

// InstallHint says how to install the browser these tests need.
const InstallHint = "install it with `apt-get install chromium`"

// chromiumNames are the executables FindChromium looks for in PATH, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoChromium is returned, wrapped, by [FindChromium] when no browser is found.
var ErrNoChromium = errors.New("browsertest: Chromium not found")

// FindChromium returns the path of the Chromium binary: the value of $CHROMIUM if it
// is set (it must then be an executable), else the first of chromium,
// chromium-browser, google-chrome and google-chrome-stable found in PATH. The error
// wraps [ErrNoChromium].
func FindChromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("%w: $%s=%q: %v", ErrNoChromium, EnvChromium, p, err)
		}
		return path, nil
	}
	for _, name := range chromiumNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w: none of %s in PATH, and $%s is not set",
		ErrNoChromium, strings.Join(chromiumNames, ", "), EnvChromium)
}

// RequireChromium returns the path of the Chromium binary. If there is none, it fails
// the test when the environment variable CI is true (so that a CI run cannot pass
// without its browser tests) and skips it otherwise, saying how to install Chromium.
// Like Fatal and Skip, it must be called from the test's goroutine.
func RequireChromium(t testing.TB) string {
	t.Helper()
	path, err := FindChromium()
	if err != nil {
		missingChromium(t, err, os.Getenv("CI"))
		return ""
	}
	return path
}

// missingChromium applies the missing-browser rule: fail under CI, skip elsewhere.
func missingChromium(t testing.TB, err error, ci string) {
	t.Helper()
	if onCI, _ := strconv.ParseBool(ci); onCI {
		t.Fatalf("%v; %s (CI=%s makes a missing browser a failure)", err, InstallHint, ci)
		return
	}
	t.Skipf("skipping browser test: %v; %s (with CI=true this is a failure)", err, InstallHint)
}

// chromiumFlags are the switches of every launch: headless, as root, and without
// any of the background traffic that would try to reach the internet.
func chromiumFlags(userDataDir string) []string {
	return []string{
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-dev-shm-usage", // containers often have a tiny /dev/shm
		"--user-data-dir=" + userDataDir,
	}
}
