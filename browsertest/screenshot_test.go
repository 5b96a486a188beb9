// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package browsertest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/cloudwego/hertz/pkg/protocol/consts"

	"github.com/hertz-contrib/sse"
)

// screenshotPage has a coloured band across its middle, and takes the colour of its
// background from the first message of the EventSource at /sse, if it has one.
const screenshotPage = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>screenshot</title></head>
<body style="margin: 0; background: rgb(255, 0, 0); font: 16px sans-serif">
<h1 id="status">waiting for the server</h1>
<div style="position: absolute; top: 40%; height: 20%; width: 100%; background: rgb(0, 0, 255)"></div>
<script>
if (location.hash === "#sse") {
	const es = new EventSource("/sse");
	es.onmessage = (e) => {
		document.body.style.background = e.data;
		document.getElementById("status").textContent = "got " + e.data;
		document.body.dataset.ready = "yes";
	};
}
</script>
</body>
</html>
`

// screenshotServer serves screenshotPage at / and, at /sse, a stream that sends
// colour and stays open until the test ends.
func screenshotServer(t *testing.T, colour string) string {
	done := make(chan struct{})
	base := StartServer(t, func(h *server.Hertz) {
		h.GET("/", func(_ context.Context, c *app.RequestContext) {
			c.Data(consts.StatusOK, "text/html; charset=utf-8", []byte(screenshotPage))
		})
		h.GET("/sse", func(_ context.Context, c *app.RequestContext) {
			if err := sse.NewStream(c).Publish(&sse.Event{Data: []byte(colour)}); err != nil {
				t.Error(err)
			}
			<-done
		})
	})
	t.Cleanup(func() { close(done) }) // before the server shuts down
	return base
}

// readPNG checks that path holds a PNG of width × height and returns it.
func readPNG(t *testing.T, path string, width, height int) image.Image {
	t.Helper()
	data, err := os.ReadFile(path)
	assert.Nil(t, err)
	assert.Assert(t, bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")), "not a PNG")
	assert.Assertf(t, len(data) > 1000, "a PNG of only %d bytes", len(data))
	img, err := png.Decode(bytes.NewReader(data))
	assert.Nil(t, err)
	assert.DeepEqual(t, image.Rect(0, 0, width, height), img.Bounds())
	t.Logf("%s: %d×%d, %d bytes", filepath.Base(path), width, height, len(data))
	return img
}

// rgb is the colour of img at (x, y) without alpha.
func rgb(img image.Image, x, y int) color.RGBA {
	r, g, b, _ := img.At(x, y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}
}

func TestScreenshot(t *testing.T) {
	const width, height = 640, 400
	base := screenshotServer(t, "")
	path := filepath.Join(t.TempDir(), "page.png")
	Screenshot(t, base+"/", path, width, height)
	img := readPNG(t, path, width, height)
	assert.DeepEqual(t, color.RGBA{255, 0, 0, 255}, rgb(img, width-5, height-5)) // background
	assert.DeepEqual(t, color.RGBA{0, 0, 255, 255}, rgb(img, width/2, height/2)) // band
}

// TestScreenshotWhenEventArrived captures a page once its EventSource delivered the
// colour of its background, while the stream stays open.
func TestScreenshotWhenEventArrived(t *testing.T) {
	const width, height = 320, 240
	base := screenshotServer(t, "rgb(0, 160, 0)")
	path := filepath.Join(t.TempDir(), "sse.png")
	ScreenshotWhen(t, base+"/#sse", path, width, height, `document.body.dataset.ready === "yes"`)
	img := readPNG(t, path, width, height)
	assert.DeepEqual(t, color.RGBA{0, 160, 0, 255}, rgb(img, width-5, height-5))
	assert.DeepEqual(t, color.RGBA{0, 0, 255, 255}, rgb(img, width/2, height/2))
}

// TestScreenshotWhenReadyThrows checks that a condition that throws fails the
// screenshot with its exception instead of waiting for ever, whether it throws on the
// first check or on a later one.
func TestScreenshotWhenReadyThrows(t *testing.T) {
	base := screenshotServer(t, "rgb(0, 160, 0)")
	for _, tc := range []struct{ name, url, ready string }{
		{"at once", base + "/", `(() => { throw new Error("wrong at once"); })()`},
		{"once the event arrived", base + "/#sse",
			`document.body.dataset.ready === "yes" && (() => { throw new Error("wrong later"); })()`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			png, err := screenshot(t, tc.url, 320, 240, tc.ready)
			assert.Assert(t, err != nil)
			assert.Assertf(t, png == nil, "a PNG of %d bytes", len(png))
			t.Log(err)
			assert.Assertf(t, strings.Contains(err.Error(), "Error: wrong "), "the error does not carry the exception: %v", err)
		})
	}
}
