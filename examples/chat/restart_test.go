// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/browsertest"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// shows is a condition that holds once the page's log ends with the line want and
// its stream is open.
func shows(want string) string {
	return `(() => {
		const lines = Array.from(document.querySelectorAll("#log li"),
			(li) => li.querySelector(".name").textContent + ": " + li.querySelector(".text").textContent);
		return lines.length > 0 && lines[lines.length - 1] === ` + "`" + want + "`" + ` &&
			document.getElementById("state").textContent === "open";
	})()`
}

// TestChatPageSurvivesARestart stops the chat server, as Ctrl-C does, and starts a new
// one on the same port while the page is open in Chromium: the page reconnects by
// itself and shows what is said after the restart, without a reload.
func TestChatPageSurvivesARestart(t *testing.T) {
	browsertest.RequireChromium(t)
	start := func(addr string) (*testkit.Server, chan struct{}) {
		joins := joinSignal{joined: make(chan struct{}, 1)}
		hub := newHub(sse.WithHubMetrics(joins), sse.WithHubRetry(100*time.Millisecond))
		return testkit.StartServerAt(t, addr, func(h *server.Hertz) { mount(h, hub) }), joins.joined
	}
	srv, joined := start("127.0.0.1:0")
	b := browsertest.Launch(t, srv.URL+"/")
	testkit.Within(t, browsertest.WaitTimeout, joined, "the page to join the hub")
	before := message{Room: "lobby", Name: "ann", Text: "before the restart"}
	assert.Nil(t, post(srv.URL, []message{before}))
	waitShows(t, b, "ann: before the restart")

	srv.Stop()
	srv, joined = start(srv.Addr)
	testkit.Within(t, browsertest.WaitTimeout, joined, "the page to come back to the new server")
	after := message{Room: "lobby", Name: "bob", Text: "after the restart"}
	assert.Nil(t, post(srv.URL, []message{after}))
	waitShows(t, b, "bob: after the restart")
}

// waitShows waits until the page in b shows the line want, with its stream open.
func waitShows(t *testing.T, b *browsertest.Browser, want string) {
	t.Helper()
	if _, err := chromedp.Run(b.Context(), chromedp.Poll[bool](shows(want), chromedp.WithPollingTimeout(browsertest.WaitTimeout))); err != nil {
		t.Fatalf("the page never showed %q with its stream open: %v", want, err)
	}
}
