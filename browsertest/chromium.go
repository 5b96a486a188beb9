// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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

// allocatorOptions are the chromedp options of every launch of the browser at path:
// headless, as root, without any of the background traffic that would try to reach
// the internet (on a closed network Chromium's own connections are refused, and
// tests must not wait on them), and with the crash reporter's database and the
// caches in home instead of $HOME. chromedp gives each browser a fresh profile
// directory of its own, and removes it after the browser has exited.
func allocatorOptions(path, home string, output io.Writer) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // containers often have a tiny /dev/shm
		chromedp.Flag("hide-scrollbars", true),       // not in screenshots
		chromedp.Env("XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache")),
		chromedp.CombinedOutput(output),
	}
}
