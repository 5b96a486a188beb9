// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"bytes"
	"context"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

// RunParseServed serves the parse workload's stream from one Hertz handler on
// loopback (c.Data, so the server's share is the same for everyone) and reads it with
// every library's client.
func RunParseServed(opts ParseOptions) []ParseResult {
	opts = opts.withDefaults()
	stream, want := repeatWire(sampleWire(), opts.Size)
	srv, err := startHertz(func(h *server.Hertz) {
		h.GET("/stream", func(_ context.Context, c *app.RequestContext) {
			c.Data(200, "text/event-stream", stream)
		})
	})
	if err != nil {
		return failAll(err)
	}
	defer srv.Close()
	url := srv.URL + "/stream"

	hc, err := newHertzStreamingClient()
	if err != nil {
		return failAll(err)
	}
	httpClient, closeIdle := newHTTPClient()
	defer closeIdle()
	ours := sse.NewClient(url)
	passes := map[Library]func() (int, error){
		Ours:         func() (int, error) { return readOurs(ours) },
		HertzBuiltin: func() (int, error) { return readHertzURL(hc, url) },
		GoSSE:        func() (int, error) { return readGoSSEConnection(httpClient, url) },
		R3labs:       func() (int, error) { return readR3labs(httpClient, url) },
		Raw:          func() (int, error) { return readRawURL(srv.Addr, "/stream") },
	}
	notes := map[Library]string{
		Ours:         "Client.Subscribe",
		HertzBuiltin: "Hertz client + Reader.ForEach",
		GoSSE:        "client Connection.Connect",
		R3labs:       "Client.SubscribeRaw",
		Raw:          "hand-written GET + bufio.Reader counting blank lines",
	}
	return runPasses(passes, notes, want, len(stream), opts)
}

// bytesReader returns a fresh reader of b.
func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
