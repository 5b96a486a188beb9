// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// readyPoll is a page-side loop: it resolves once the document has loaded, its fonts
// are ready and the expression %s is true, checking every 20 ms, and rejects with the
// exception if evaluating the expression throws.
const readyPoll = `new Promise((resolve, reject) => {
	const check = () => {
		let ready;
		try {
			ready = document.readyState === "complete" && (%s);
		} catch (e) {
			reject(e);
			return;
		}
		if (ready) {
			document.fonts.ready.then(() => requestAnimationFrame(() => resolve(true)));
		} else {
			setTimeout(check, 20);
		}
	};
	check();
})`

// Screenshot opens url in headless Chromium with a viewport of width × height CSS
// pixels at device scale factor 1, waits for the page's load event, and writes a PNG
// of the viewport to path. The browser is stopped before it returns. It fails the test
// if any step fails or takes longer than [WaitTimeout], and calls [RequireChromium]
// first.
//
// Content that a page adds after its load event, such as what arrives on an
// EventSource, needs [ScreenshotWhen]. (Chromium's own --screenshot switch cannot
// wait for it: with --virtual-time-budget, virtual time never advances while an
// EventSource is open, and the screenshot is never taken.)
func Screenshot(t testing.TB, url, path string, width, height int) {
	t.Helper()
	ScreenshotWhen(t, url, path, width, height, "")
}

// ScreenshotWhen is [Screenshot] that, after the load event, also waits until the
// JavaScript expression ready is true in the page, for example
// `document.querySelectorAll(".message").length >= 3`. An empty ready waits for
// nothing more. If evaluating ready throws, the test fails at once with the
// exception: a condition can check what the page shows and throw when it is wrong.
func ScreenshotWhen(t testing.TB, url, path string, width, height int, ready string) {
	t.Helper()
	png, err := screenshot(t, url, width, height, ready)
	if err != nil {
		t.Fatalf("browsertest: screenshot of %s: %v", url, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: screenshot of %s: %v", url, err)
	}
}

// screenshot launches a browser, returns the PNG that capture takes, and stops the
// browser before it returns.
func screenshot(t testing.TB, url string, width, height int, ready string) ([]byte, error) {
	t.Helper()
	if ready == "" {
		ready = "true"
	}
	b := start(t)
	defer b.stop(t)
	ctx, cancel := context.WithTimeout(b.ctx, WaitTimeout)
	defer cancel()
	return capture(ctx, url, width, height, ready)
}

// capture opens url in the tab of ctx with a viewport of width × height, waits for
// its load event and for ready, and returns the PNG of the viewport.
func capture(ctx context.Context, url string, width, height int, ready string) ([]byte, error) {
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(width), int64(height)), // device scale factor 1
		chromedp.Navigate(url),
	); err != nil {
		return nil, err
	}
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(readyPoll, ready), chromedp.EvalAwaitPromise))
	if exc := (*chromedp.ExceptionError)(nil); errors.As(err, &exc) {
		msg := exc.Text // such as "Uncaught"
		if exc.Exception != nil {
			if d, _, _ := strings.Cut(exc.Exception.Description, "\n"); d != "" {
				msg = d // such as "Error: …", without the stack
			}
		}
		return nil, fmt.Errorf("waiting for %s: %s", ready, msg)
	}
	if err != nil {
		return nil, fmt.Errorf("waiting for %s: %w", ready, err)
	}
	return chromedp.Run(ctx, chromedp.CaptureScreenshot())
}
