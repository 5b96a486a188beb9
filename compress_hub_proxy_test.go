// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

func TestHubCompression(t *testing.T) {
	hub := sse.NewHub(sse.WithHubCompression())
	base := hubServer(t, hub, nil)
	url := base + "/events"

	compressed := testkit.Subscribe(t, url, sse.WithClientCompression())
	plain := testkit.Subscribe(t, url)
	raw := rawGet(t, base, "/events", "Accept-Encoding: gzip") // the header came: it is registered
	assert.DeepEqual(t, "gzip", raw.header.Get("Content-Encoding"))
	assert.DeepEqual(t, "Accept-Encoding", raw.header.Get("Vary"))
	rawPlain := rawGet(t, base, "/events", "Accept-Encoding: br")
	assert.DeepEqual(t, "", rawPlain.header.Get("Content-Encoding"))
	assert.DeepEqual(t, "Accept-Encoding", rawPlain.header.Get("Vary"))

	var want []string
	for i := range 50 {
		d := fmt.Sprintf(`{"n":%d,"text":"%s"}`, i, strings.Repeat("token ", i))
		want = append(want, d)
		assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte(d)}))
	}
	assert.DeepEqual(t, want, compressed.WaitFor(t, len(want)))
	assert.DeepEqual(t, want, plain.WaitFor(t, len(want)))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	assert.Nil(t, hub.Shutdown(ctx))

	// Shutdown ends each stream with a retry; the gzip one with its trailer too.
	zr, err := gzip.NewReader(raw.body)
	assert.Nil(t, err)
	for name, r := range map[string]io.Reader{"gzip": zr, "plain": rawPlain.body} {
		body, err := io.ReadAll(r)
		assert.Nil(t, err)
		d := newRefDecoder(strings.NewReader(string(body)))
		for _, w := range want {
			got, err := d.next()
			assert.Nil(t, err)
			assert.DeepEqual(t, w, got.Data)
		}
		_, err = d.next()
		assert.DeepEqual(t, io.EOF, err)
		assert.Assert(t, strings.Contains(string(body), "\nretry: "), name, string(body))
	}
}

func TestHubAndProxyDoNotCompressByDefault(t *testing.T) {
	hub := sse.NewHub()
	base := hubServer(t, hub, nil)
	resp := rawGet(t, base, "/events", "Accept-Encoding: gzip")
	assert.DeepEqual(t, "", resp.header.Get("Content-Encoding"))
	assert.DeepEqual(t, 0, len(resp.header.Values("Vary")))

	origin := serveSSE(t, rawHandler("data: x\n\n"))
	hop := chain(t, origin+"/sse", 1, nil)
	resp = rawGet(t, strings.TrimSuffix(hop, "/sse"), "/sse", "Accept-Encoding: gzip")
	assert.DeepEqual(t, "", resp.header.Get("Content-Encoding"))
	assert.DeepEqual(t, "data: x\n\n", readRawBody(t, resp))
}

func TestProxyCompression(t *testing.T) {
	const raw = "id: 1\nevent: greeting\ndata: hello\ndata: world\n\n" +
		"id: 2\n\n" +
		"retry: 1500\n\n" +
		"data: héllo 世界 😀\n\n"
	var mu sync.Mutex
	var originCodings []string
	origin := testkit.Serve(t, testkit.Routes{
		"/plain": rawHandler(raw),
		"/gzip": func(ctx context.Context, c *app.RequestContext) {
			s := sse.NewStream(c, sse.WithCompression())
			mu.Lock()
			originCodings = append(originCodings, string(c.Response.Header.ContentEncoding()))
			mu.Unlock()
			_ = s.Publish(&sse.Event{ID: "1", Event: "greeting", Data: []byte("hello\nworld")})
			_ = s.Publish(&sse.Event{Data: []byte("héllo 世界 😀")})
		},
	})

	t.Run("downstream", func(t *testing.T) {
		hop := chain(t, origin+"/plain", 1, nil, sse.WithProxyCompression())
		resp := rawGet(t, strings.TrimSuffix(hop, "/sse"), "/sse", "Accept-Encoding: gzip")
		assert.DeepEqual(t, "gzip", resp.header.Get("Content-Encoding"))
		compressed := readRawBody(t, resp)
		resp = rawGet(t, strings.TrimSuffix(hop, "/sse"), "/sse")
		assert.DeepEqual(t, "", resp.header.Get("Content-Encoding"))
		assert.DeepEqual(t, readRawBody(t, resp), compressed) // the same bytes, compressed or not
		assert.DeepEqual(t, raw, compressed)

		direct, err := collect(t, context.Background(), sse.NewClient(origin+"/plain"))
		assert.Nil(t, err)
		through, err := collect(t, context.Background(), sse.NewClient(hop, sse.WithClientCompression()))
		assert.Nil(t, err)
		assert.DeepEqual(t, direct, through)
	})

	t.Run("upstream", func(t *testing.T) {
		mu.Lock()
		originCodings = nil
		mu.Unlock()
		// A hop asks its upstream for gzip only when told to, and decodes it either way.
		asks := chain(t, origin+"/gzip", 1, nil, sse.WithUpstreamClient(sse.WithClientCompression()))
		doesNotAsk := chain(t, origin+"/gzip", 1, nil)
		for _, hop := range []string{asks, doesNotAsk} {
			events, err := collect(t, context.Background(), sse.NewClient(hop))
			assert.Nil(t, err)
			assert.DeepEqual(t, 2, len(events))
			assert.DeepEqual(t, "hello\nworld", string(events[0].Data))
			assert.DeepEqual(t, "héllo 世界 😀", string(events[1].Data))
		}
		mu.Lock()
		defer mu.Unlock()
		assert.DeepEqual(t, []string{"gzip", ""}, originCodings)
	})
}

func TestHubCompressionReplays(t *testing.T) {
	hub := sse.NewHub(sse.WithHubCompression(), sse.WithReplayer(sse.NewMemoryReplayer(100, time.Hour)))
	url := hubServer(t, hub, nil) + "/events"
	live := testkit.Subscribe(t, url, sse.WithClientCompression())
	var want []string
	for i := range 10 {
		want = append(want, fmt.Sprintf(`{"n":%d}`, i))
		assert.Nil(t, hub.Broadcast(context.Background(), &sse.Event{Data: []byte(want[i])}))
	}
	assert.DeepEqual(t, want, live.WaitFor(t, len(want)))

	ids := live.IDs()
	late := testkit.Subscribe(t, url, sse.WithClientCompression(), sse.WithLastEventID(ids[2]))
	assert.DeepEqual(t, want[3:], late.WaitFor(t, len(want)-3))
	assert.DeepEqual(t, ids[3:], late.IDs())
}
