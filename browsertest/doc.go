// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package browsertest runs the package's event streams against a real browser: the
// EventSource of headless Chromium, driven by chromedp, talking to real Hertz servers
// on 127.0.0.1.
//
// A test starts a server with [StartServer], adds a test page with [HandlePage] (its
// script calls report(value) to post results back), opens the page with [Launch] and
// waits for the report with [Reports.Wait]. Nothing sleeps for readiness: every wait
// is on a signal and is bounded by [WaitTimeout]. [Browser.Context] runs further
// chromedp actions in the page. [Screenshot] captures a page as PNG.
//
// Chromium is found by [FindChromium]. When it is missing, [RequireChromium] fails the
// test if the environment variable CI is true and skips it otherwise.
package browsertest
