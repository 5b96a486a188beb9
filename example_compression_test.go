// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"

	"github.com/cloudwego/hertz/pkg/app"

	"github.com/hertz-contrib/sse"
)

func ExampleWithCompression() {
	// In a handler, sse.NewStream(c, sse.WithCompression()) compresses only for
	// clients whose Accept-Encoding allows gzip. A Stream on a plain writer has no
	// request to ask, and compresses unconditionally.
	var wire bytes.Buffer
	s := sse.NewStreamWithWriter(&wire, sse.WithCompression())
	for _, token := range []string{"Hello", ",", " world"} {
		e, _ := sse.NewJSONEvent("token", map[string]string{"content": token})
		_ = s.Publish(e) // compressed and flushed: a client can decode it at once
	}
	_ = s.Close() // writes the gzip trailer

	zr, _ := gzip.NewReader(&wire)
	plain, _ := io.ReadAll(zr)
	fmt.Print(string(plain))
	// Output:
	// event: token
	// data: {"content":"Hello"}
	//
	// event: token
	// data: {"content":","}
	//
	// event: token
	// data: {"content":" world"}
	//
}

func ExampleWithHubCompression() {
	hub := sse.NewHub(sse.WithHubCompression())
	handler := func(ctx context.Context, c *app.RequestContext) {
		_ = hub.Serve(ctx, c) // gzip for the clients that accept it, plain for the others
	}
	_ = handler // h.GET("/events", handler)

	// A Go client that asks for gzip; without the option it asks for nothing, and
	// still decodes a gzip answer.
	client := sse.NewClient("http://127.0.0.1:8888/events", sse.WithClientCompression())
	_ = client
}
