// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/browsertest"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// envUpdateScreenshot names the environment variable that, when true, makes
// TestChatInBrowser write its screenshot to screenshotPath, for the documentation.
const envUpdateScreenshot = "UPDATE_SCREENSHOT"

// screenshotPath is where the documentation's screenshot of the chat lives, from
// this package's directory.
const screenshotPath = "../../docs/chat.png"

func TestMain(m *testing.M) { testkit.VerifyTestMain(m) }

// joinSignal is a [sse.Metrics] that signals every client joining the hub.
type joinSignal struct {
	sse.NopMetrics
	joined chan struct{}
}

func (j joinSignal) ConnectionOpened() {
	select {
	case j.joined <- struct{}{}:
	default:
	}
}

// conversation is what the test says in the lobby, in order.
var conversation = []message{
	{Room: "lobby", Name: "maya", Text: "Morning! Is the new notifications service live?"},
	{Room: "lobby", Name: "tomás", Text: "Since 9:40. Browsers hold one EventSource each, no polling any more."},
	{Room: "lobby", Name: "priya", Text: "I closed my laptop on the train and got every message I missed when it woke up."},
	{Room: "lobby", Name: "maya", Text: "That is the Last-Event-ID replay. Nice work, shipping the release notes now."},
}

// chatShown is a condition for [browsertest.ScreenshotWhen]: true once the page shows
// exactly the lines of want, in order, with its stream open, a non-zero count of
// connected browsers and a last event ID. It throws as soon as the log shows anything
// else, so that a wrong page fails the test at once.
const chatShown = `(() => {
	const want = %s;
	const $ = (id) => document.getElementById(id);
	const got = Array.from(document.querySelectorAll("#log li"),
		(li) => li.querySelector(".name").textContent + ": " + li.querySelector(".text").textContent);
	if (got.length > want.length || got.some((line, i) => line !== want[i])) {
		throw new Error("the log shows " + JSON.stringify(got) + ", want " + JSON.stringify(want));
	}
	return got.length === want.length &&
		$("state").textContent === "open" &&
		Number($("count").textContent) > 0 &&
		$("lastid").textContent.trim() !== "–";
})()`

// TestChatInBrowser runs the chat with the page in headless Chromium: messages posted
// to /messages appear in the lobby in order, the stream is open and the page counts
// the connected browsers. It keeps a screenshot of the page: in the documentation if
// $UPDATE_SCREENSHOT is true, else in a temporary directory.
func TestChatInBrowser(t *testing.T) {
	const width, height = 1100, 650
	browsertest.RequireChromium(t)

	joins := joinSignal{joined: make(chan struct{}, 1)}
	hub := newHub(sse.WithHubMetrics(joins))
	base := browsertest.StartServer(t, func(h *server.Hertz) { mount(h, hub) })
	ctx, cancel := context.WithCancel(context.Background())
	presenceDone := make(chan struct{})
	go func() {
		defer close(presenceDone)
		presence(ctx, hub)
	}()
	t.Cleanup(func() {
		cancel()
		<-presenceDone
	})

	// Messages posted before the page has joined would be history it never asks
	// for, so the conversation starts once the hub holds the page's stream.
	shot := make(chan struct{})
	posted := make(chan error, 1)
	go func() {
		select {
		case <-joins.joined:
			posted <- post(base, conversation)
		case <-shot:
			posted <- errors.New("the page never joined the hub")
		}
	}()
	defer func() { // also after a failed screenshot
		close(shot)
		if err := <-posted; err != nil {
			t.Error(err)
		}
	}()

	var want []string
	for _, m := range conversation {
		want = append(want, m.Name+": "+m.Text)
	}
	wantJSON, err := json.Marshal(want)
	assert.Nil(t, err)

	path := filepath.Join(t.TempDir(), "chat.png")
	if update, _ := strconv.ParseBool(os.Getenv(envUpdateScreenshot)); update {
		path = screenshotPath
		assert.Nil(t, os.MkdirAll(filepath.Dir(path), 0o755))
	}
	browsertest.ScreenshotWhen(t, base+"/", path, width, height, fmt.Sprintf(chatShown, wantJSON))

	data, err := os.ReadFile(path)
	assert.Nil(t, err)
	img, err := png.Decode(bytes.NewReader(data))
	assert.Nil(t, err)
	assert.DeepEqual(t, image.Rect(0, 0, width, height), img.Bounds())
	t.Logf("%s: %d×%d, %d bytes", path, width, height, len(data))
}

// post sends msgs to the chat at base, one after the other, as the page's form does.
func post(base string, msgs []message) error {
	client := &http.Client{Timeout: browsertest.WaitTimeout}
	defer client.CloseIdleConnections()
	for _, m := range msgs {
		body, err := json.Marshal(m)
		if err != nil {
			return err
		}
		resp, err := client.Post(base+"/messages", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			return fmt.Errorf("POST /messages %s: %s", body, resp.Status)
		}
	}
	return nil
}
