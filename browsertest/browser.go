// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// WaitTimeout bounds every wait in this package: for Chromium to start, for a page
// to load, for a page's report, for a screenshot, and for the browser to exit.
const WaitTimeout = 30 * time.Second

// Browser is a headless Chromium driven by chromedp, with a fresh profile. It lives
// until the test that launched it ends: then it is closed, every process it started
// has exited, and its directories are removed before the test's cleanup goes on.
type Browser struct {
	ctx     context.Context    // the chromedp context of the browser's first tab
	abort   context.CancelFunc // ends the browser at once, waiting for nothing
	closeT  context.CancelFunc // cancels ctx and waits for the browser to exit
	closeA  context.CancelFunc // cancels the allocator and waits for its goroutines
	home    string             // XDG_CONFIG_HOME and XDG_CACHE_HOME of the browser
	output  *tailBuffer
	stopped sync.Once
}

// Launch starts headless Chromium and opens url in it, returning once the page's
// load event has fired. It calls [RequireChromium] first, so the test fails or skips
// when there is no browser, and it fails the test if Chromium does not start or the
// page does not load within [WaitTimeout].
func Launch(t testing.TB, url string) *Browser {
	t.Helper()
	b := start(t)
	ctx, cancel := context.WithTimeout(b.ctx, WaitTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("browsertest: open %s: %v", url, err)
	}
	return b
}

// start launches Chromium on about:blank, and stops it when the test ends.
func start(t testing.TB) *Browser {
	t.Helper()
	path := RequireChromium(t)
	home, err := os.MkdirTemp("", "browsertest-chromium-")
	if err != nil {
		t.Fatalf("browsertest: browser directory: %v", err)
	}
	b := &Browser{home: home, output: &tailBuffer{}}
	root, abort := context.WithCancel(context.Background())
	alloc, closeA := chromedp.NewExecAllocator(root, allocatorOptions(path, home, b.output)...)
	logf := func(format string, args ...any) { fmt.Fprintf(b.output, "chromedp: "+format+"\n", args...) }
	ctx, closeT := chromedp.NewContext(alloc, chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	b.ctx, b.abort, b.closeT, b.closeA = ctx, abort, closeT, closeA
	t.Cleanup(func() { b.stop(t) })

	// The first run starts the browser and ties its life to ctx, so the bound on
	// the start cancels the whole browser instead of being a deadline on ctx.
	slow := time.AfterFunc(WaitTimeout, abort)
	err = chromedp.Do(ctx)
	if !slow.Stop() {
		t.Fatalf("browsertest: Chromium did not start within %v", WaitTimeout)
	}
	if err != nil {
		t.Fatalf("browsertest: start Chromium: %v", err)
	}
	return b
}

// Context returns the chromedp context of the browser's tab, the page that
// [Launch] opened, for running chromedp actions in it, such as
// chromedp.Run(b.Context(), chromedp.Evaluate[string]("document.title")). Use it
// only from the test's goroutine and only until the test ends.
func (b *Browser) Context() context.Context { return b.ctx }

// Exited is closed when the connection to the browser is lost, which before the end
// of the test means that Chromium crashed or exited.
func (b *Browser) Exited() <-chan struct{} {
	return chromedp.FromContext(b.ctx).Browser.LostConnection
}

// ExitError describes the early end of the browser, with the end of its output.
// Call it only after [Browser.Exited] is closed.
func (b *Browser) ExitError() error {
	return fmt.Errorf("browsertest: Chromium exited early; its output ends with:\n%s", b.Output())
}

// Output returns the end of what the browser wrote to stdout and stderr, and of
// what chromedp logged about it.
func (b *Browser) Output() string { return b.output.String() }

// stop closes the browser and removes its directories. It is the test's cleanup,
// and may be called earlier; only the first call does anything.
func (b *Browser) stop(t testing.TB) {
	b.stopped.Do(func() { b.doStop(t) })
}

func (b *Browser) doStop(t testing.TB) {
	// A graceful close lets Chromium end its helpers itself; after WaitTimeout,
	// chromedp kills it. chromedp removes the profile and kills any process still
	// using it; the crash reporter, which does not, exits with its browser.
	ctx, cancel := context.WithTimeout(b.ctx, WaitTimeout)
	err := chromedp.Cancel(ctx)
	cancel()
	b.closeT() // waits for the browser's exit even if Cancel gave up early
	b.closeA() // waits for the allocator's goroutines
	b.abort()
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("browsertest: close Chromium: %v", err)
	}
	if t.Failed() {
		t.Logf("Chromium output, last %d bytes:\n%s", outputTail, b.Output())
	}
	if err := os.RemoveAll(b.home); err != nil {
		t.Errorf("browsertest: remove the browser's directory: %v", err)
	}
}

// outputTail is how much of the browser's output is kept, to show when a test fails.
const outputTail = 8 << 10

// tailBuffer keeps the last outputTail bytes written to it. It is safe for concurrent
// use: chromedp copies the browser's output into it while a failing test reads it.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

// Write keeps the end of p. It never fails.
func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - outputTail; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

// String returns what is kept.
func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
