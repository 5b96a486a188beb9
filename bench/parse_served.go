// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"

	"github.com/hertz-contrib/sse"
)

// runParseServed serves the parse workload's stream from one Hertz handler on
// loopback (c.Data, so the server's share is the same for everyone) and reads it with
// every library's client.
func runParseServed(opts parseOptions) []parseResult {
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
	oc := sse.NewClient(url)
	passes := map[library]func() (int, error){
		ours:         func() (int, error) { return readOurs(oc) },
		hertzBuiltin: func() (int, error) { return readHertzURL(hc, url) },
		goSSE:        func() (int, error) { return readGoSSEConnection(httpClient, url) },
		r3labs:       func() (int, error) { return readR3labs(httpClient, url) },
		rawTCP:       func() (int, error) { return readRawURL(srv.Addr, "/stream") },
	}
	notes := map[library]string{
		ours:         "Client.Subscribe",
		hertzBuiltin: "Hertz client + Reader.ForEach",
		goSSE:        "client Connection.Connect",
		r3labs:       "Client.SubscribeRaw",
		rawTCP:       "hand-written GET + bufio.Reader counting blank lines",
	}
	return runPasses(passes, notes, want, len(stream), opts)
}
