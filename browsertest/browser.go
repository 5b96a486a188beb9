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
	"sync"
	"testing"
	"time"
)

// WaitTimeout bounds every wait in this package: for a page's report, for a
// screenshot, and for the browser to exit.
const WaitTimeout = 30 * time.Second

// outputTail is how much of the browser's output is shown when a test fails.
const outputTail = 8 << 10

// Browser is a headless Chromium running as a subprocess, with a fresh profile in a
// temporary directory. It lives until the test that launched it ends: then it is
// stopped (SIGTERM, then SIGKILL to its whole process group if it lingers) and the
// directory is removed.
type Browser struct {
	cmd     *exec.Cmd
	dir     string
	logPath string
	exited  chan struct{} // closed once the main process has exited
	waitErr error         // set before exited is closed
	stopped sync.Once
}

// Launch starts headless Chromium on url. It calls [RequireChromium] first, so the
// test fails or skips when there is no browser.
func Launch(t testing.TB, url string) *Browser {
	t.Helper()
	return launch(t, url, nil, nil)
}

// launch starts Chromium on url with extra switches, and with extraFiles as its file
// descriptors 3, 4 and so on. The caller closes its copies of extraFiles after launch.
func launch(t testing.TB, url string, extraArgs []string, extraFiles []*os.File) *Browser {
	t.Helper()
	path := RequireChromium(t)
	dir, err := os.MkdirTemp("", "browsertest-chromium-")
	if err != nil {
		t.Fatalf("browsertest: profile directory: %v", err)
	}
	b := &Browser{dir: dir, logPath: filepath.Join(dir, "chromium.log"), exited: make(chan struct{})}
	log, err := os.Create(b.logPath)
	if err != nil {
		_ = os.RemoveAll(dir)
		t.Fatalf("browsertest: browser log: %v", err)
	}
	defer log.Close() // the child has its own copy

	args := append(chromiumFlags(filepath.Join(dir, "profile")), extraArgs...)
	b.cmd = exec.Command(path, append(args, url)...)
	// Keep the crash reporter's database and the caches inside dir, not in $HOME.
	b.cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	// A file, not a pipe: helpers that outlive the browser cannot hold Wait up.
	b.cmd.Stdout, b.cmd.Stderr = log, log
	b.cmd.ExtraFiles = extraFiles
	setProcessGroup(b.cmd)
	if err := b.cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		t.Fatalf("browsertest: start %s: %v", path, err)
	}
	go func() {
		b.waitErr = b.cmd.Wait()
		close(b.exited)
	}()
	t.Cleanup(func() { b.stop(t) })
	return b
}

// Exited is closed when the browser's main process has exited, which before the end
// of the test means that it crashed or could not start.
func (b *Browser) Exited() <-chan struct{} { return b.exited }

// ExitError describes how the browser exited, with the end of its output. Call it only
// after [Browser.Exited] is closed.
func (b *Browser) ExitError() error {
	return fmt.Errorf("browsertest: Chromium exited early (%v); its output ends with:\n%s", b.waitErr, b.Output())
}

// Output returns the end of what the browser wrote to stdout and stderr.
func (b *Browser) Output() string {
	f, err := os.Open(b.logPath)
	if err != nil {
		return fmt.Sprintf("(no output: %v)", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > outputTail {
		_, _ = f.Seek(-outputTail, io.SeekEnd)
	}
	out, _ := io.ReadAll(f)
	return string(out)
}

// stop ends the browser and removes its directory. It is the test's cleanup, and
// may be called earlier; only the first call does anything.
func (b *Browser) stop(t testing.TB) {
	b.stopped.Do(func() { b.doStop(t) })
}

func (b *Browser) doStop(t testing.TB) {
	terminate(b.cmd)
	select {
	case <-b.exited:
	case <-time.After(WaitTimeout):
		t.Errorf("browsertest: Chromium ignored SIGTERM for %v; killing it", WaitTimeout)
	}
	killGroup(b.cmd) // helpers still shutting down, or everything if SIGTERM failed
	<-b.exited       // SIGKILL cannot be ignored
	if t.Failed() {
		t.Logf("Chromium output, last %d bytes:\n%s", outputTail, b.Output())
	}
	if err := removeAll(b.dir); err != nil {
		t.Errorf("browsertest: remove the browser's directory: %v", err)
	}
}

// removeAll removes dir, trying again a few times if a helper that has not quite
// exited yet (the crash reporter runs in a session of its own) adds a file meanwhile.
func removeAll(dir string) error {
	var err error
	for range 5 {
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
