// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
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
	RequireChromium(t)
	if ready == "" {
		ready = "true"
	}
	deadline := time.Now().Add(WaitTimeout)
	d, childFiles, err := newDevtools(deadline)
	if err != nil {
		return nil, err
	}
	defer d.close()
	closeChildFiles := func() {
		for _, f := range childFiles {
			f.Close()
		}
	}
	defer closeChildFiles() // if launch fails
	b := launch(t, "about:blank", []string{
		"--remote-debugging-pipe",
		fmt.Sprintf("--window-size=%d,%d", width, height),
		"--hide-scrollbars",
	}, childFiles)
	closeChildFiles() // Chromium has its own copies; ours would hide its exit
	defer b.stop(t)
	return capture(d, url, width, height, ready)
}

// capture opens url in a new tab of the browser behind d and returns the PNG.
func capture(d *devtools, url string, width, height int, ready string) ([]byte, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := d.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := d.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return nil, err
	}
	s := attached.SessionID
	if err := d.call(s, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false,
	}, nil); err != nil {
		return nil, err
	}
	if err := d.call(s, "Page.enable", struct{}{}, nil); err != nil {
		return nil, err
	}
	if err := d.call(s, "Page.setLifecycleEventsEnabled", map[string]any{"enabled": true}, nil); err != nil {
		return nil, err
	}
	var nav struct {
		LoaderID  string `json:"loaderId"`
		ErrorText string `json:"errorText"`
	}
	if err := d.call(s, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("navigation failed: %s", nav.ErrorText)
	}
	// The load event of this navigation, not of the tab's about:blank.
	if _, err := d.waitEvent(s, func(method string, params json.RawMessage) bool {
		if method != "Page.lifecycleEvent" {
			return false
		}
		var ev struct{ LoaderID, Name string }
		return json.Unmarshal(params, &ev) == nil && ev.Name == "load" && ev.LoaderID == nav.LoaderID
	}); err != nil {
		return nil, fmt.Errorf("waiting for the load event: %w", err)
	}
	var eval struct {
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := d.call(s, "Runtime.evaluate", map[string]any{
		"expression": fmt.Sprintf(readyPoll, ready), "awaitPromise": true, "returnByValue": true,
	}, &eval); err != nil {
		return nil, fmt.Errorf("waiting for %s: %w", ready, err)
	}
	if e := eval.ExceptionDetails; e != nil {
		msg := e.Text // such as "Uncaught"
		if d, _, _ := strings.Cut(e.Exception.Description, "\n"); d != "" {
			msg = d // such as "Error: …", without the stack
		}
		return nil, fmt.Errorf("waiting for %s: %s", ready, msg)
	}
	var shot struct {
		Data string `json:"data"`
	}
	if err := d.call(s, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(shot.Data)
}
