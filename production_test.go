// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

func TestNewStreamNeverCompresses(t *testing.T) {
	url := testkit.StartServer(t, func(h *server.Hertz) {
		h.GET("/sse", func(ctx context.Context, c *app.RequestContext) {
			c.Response.Header.Set("Content-Encoding", "gzip") // as a compression middleware would
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("plain")})
		})
	})
	resp := openStream(t, url+"/sse", "Accept-Encoding", "gzip")
	assert.DeepEqual(t, "", string(resp.Header.Peek("Content-Encoding")))
	assert.DeepEqual(t, "data: plain\n\n", string(readAll(t, resp.BodyStream())))
}

func TestHubServeHeartbeat(t *testing.T) {
	assert.DeepEqual(t, 15*time.Second, sse.DefaultHubHeartbeat)
	hub := sse.NewHub(sse.WithHubHeartbeat(5 * time.Millisecond))
	url := hubServer(t, hub, nil)
	r := bufio.NewReader(openStream(t, url+"/events").BodyStream())
	for range 3 {
		line, err := r.ReadString('\n')
		assert.Nil(t, err)
		assert.DeepEqual(t, ":\n", line)
	}
}

// bearerTopics lets "Bearer admin" join any topic, "Bearer user" only public ones, and
// nobody else in.
func bearerTopics(ctx context.Context, c *app.RequestContext, topics []string) ([]string, error) {
	switch string(c.GetHeader("Authorization")) {
	case "Bearer admin":
		return topics, nil
	case "Bearer user":
		return slices.DeleteFunc(slices.Clone(topics), func(t string) bool { return !strings.HasPrefix(t, "public.") }), nil
	case "":
		return nil, sse.Refuse(401, "missing bearer token")
	}
	return nil, errors.New("unknown token")
}

func TestHubAuthorizer(t *testing.T) {
	hub := sse.NewHub(sse.WithAuthorizer(bearerTopics))
	results := make(chan error, 4)
	url := hubServer(t, hub, results)
	topics := url + "/events?topic=public.news&topic=secret"
	bearer := func(token string) sse.ClientOption {
		return sse.WithHeaders(map[string]string{"Authorization": "Bearer " + token})
	}

	for _, tc := range []struct {
		opts   []sse.ClientOption
		status int
		body   string
	}{
		{nil, 401, "missing bearer token"},
		{[]sse.ClientOption{bearer("forged")}, 403, "unknown token"},
	} {
		_, err := collect(t, context.Background(), sse.NewClient(topics, tc.opts...))
		var re *sse.ResponseError
		assert.Assert(t, errors.As(err, &re), err)
		assert.DeepEqual(t, tc.status, re.StatusCode)
		assert.DeepEqual(t, tc.body, re.Body)
		assert.Assert(t, errors.Is(<-results, sse.ErrForbidden))
	}
	assert.DeepEqual(t, 0, hub.ConnectionCount()) // refused requests never joined

	user := testkit.Subscribe(t, topics, bearer("user"))
	admin := testkit.Subscribe(t, topics, bearer("admin"))
	broadcast(t, hub, "secret", "s1")
	broadcast(t, hub, "public.news", "p1")
	assert.DeepEqual(t, []string{"p1"}, user.WaitFor(t, 1))
	assert.DeepEqual(t, []string{"s1", "p1"}, admin.WaitFor(t, 2))
}

func TestHubMetrics(t *testing.T) {
	metrics := newCountingMetrics()
	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(10, 0)), sse.WithHubMetrics(metrics))
	url := hubServer(t, hub, nil)
	s := testkit.Subscribe(t, url+"/events?topic=t")
	broadcast(t, hub, "t", "1", "2")
	s.WaitFor(t, 2)
	first := s.IDs()[0]
	s.Stop()

	back := testkit.Subscribe(t, url+"/events?topic=t", sse.WithLastEventID(first))
	back.WaitFor(t, 1)
	lost := testkit.Subscribe(t, url+"/events?topic=t", sse.WithLastEventID("unknown"))
	lost.WaitFor(t, 1) // the history-lost event

	// Shutdown waits for every client's writer: after it, every count is in.
	assert.Nil(t, hub.Shutdown(context.Background()))
	metrics.mu.Lock()
	defer metrics.mu.Unlock()
	assert.DeepEqual(t, 3, metrics.opened)
	assert.DeepEqual(t, 3, metrics.closed)
	assert.DeepEqual(t, 2, metrics.published)
	assert.DeepEqual(t, 2, metrics.delivered) // live events; replayed ones are counted by Replay
	assert.DeepEqual(t, 2, metrics.replays)
	assert.DeepEqual(t, 1, metrics.replayHit)
	assert.DeepEqual(t, 1, metrics.replayed)
}

func TestClientMetricsCountReconnects(t *testing.T) {
	metrics := newCountingMetrics()
	calls := 0
	url := testkit.StartServer(t, func(h *server.Hertz) {
		h.GET("/sse", func(ctx context.Context, c *app.RequestContext) {
			if calls++; calls > 3 {
				c.Status(204)
				return
			}
			_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
		})
	})
	_, err := collect(t, context.Background(), sse.NewClient(url+"/sse", fastReconnect, sse.WithClientMetrics(metrics)))
	assert.Nil(t, err)
	assert.DeepEqual(t, 3, metrics.reconnects)
}

// TestLLMTokenStream: a client posts a prompt and reads an OpenAI-style token stream
// that ends with "data: [DONE]".
func TestLLMTokenStream(t *testing.T) {
	url := testkit.StartServer(t, func(h *server.Hertz) {
		h.POST("/v1/chat/completions", func(ctx context.Context, c *app.RequestContext) {
			var req struct {
				Prompt string `json:"prompt"`
			}
			if err := (&sse.Event{Data: c.Request.Body()}).DecodeJSON(&req); err != nil {
				c.String(400, err.Error())
				return
			}
			s := sse.NewStream(c)
			for _, tok := range strings.Fields("echo: " + req.Prompt) {
				e, _ := sse.NewJSONEvent("", map[string]string{"token": tok})
				if s.Publish(e) != nil {
					return
				}
			}
			_ = s.Publish(&sse.Event{Data: []byte("[DONE]")})
			// An OpenAI-style server may keep the connection open a while: the client
			// stops on [DONE] without waiting for the end.
			<-ctx.Done()
		})
	}, server.WithSenseClientDisconnection(true))
	c := sse.NewClient(url+"/v1/chat/completions",
		sse.WithMethod("POST"), sse.WithBody([]byte(`{"prompt":"hello there"}`)),
		sse.WithHeaders(map[string]string{"Content-Type": "application/json"}),
		sse.WithReconnect(sse.ReconnectPolicy{}),
		sse.WithStopWhen(func(e *sse.Event) bool { return string(e.Data) == "[DONE]" }))
	var tokens []string
	err := c.Subscribe(func(e *sse.Event) {
		var chunk struct{ Token string }
		assert.Nil(t, e.DecodeJSON(&chunk))
		tokens = append(tokens, chunk.Token)
	})
	assert.Nil(t, err)
	assert.DeepEqual(t, []string{"echo:", "hello", "there"}, tokens)
}

func TestHubServeAfterShutdownTellsTheClientToComeBack(t *testing.T) {
	hub := sse.NewHub(sse.WithHubRetry(time.Millisecond))
	url := hubServer(t, hub, nil)
	assert.Nil(t, hub.Shutdown(context.Background()))
	var comments []string
	c := sse.NewClient(url+"/events", sse.WithOnComment(func(text string) { comments = append(comments, text) }))
	events, err := collect(t, context.Background(), c)
	assert.Nil(t, err) // a clean end of stream, after which a reconnecting client comes back
	assert.DeepEqual(t, 0, len(events))
	assert.DeepEqual(t, []string{"server shutting down"}, comments)
}

// TestGracefulShutdownWithOpenStreams: Hertz's Shutdown, with the hub registered as a
// shutdown hook, ends 1,000 open streams cleanly and finishes within its timeout.
func TestGracefulShutdownWithOpenStreams(t *testing.T) {
	const clients = 1000
	hub := sse.NewHub()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	assert.Nil(t, err)
	h := server.New(server.WithListener(ln), server.WithDisablePrintRoute(true), server.WithExitWaitTime(5*time.Second))
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c) })
	ran := make(chan struct{})
	go func() { defer close(ran); _ = h.Run() }()
	testkit.WaitServing(t, ln.Addr().String())

	url := "http://" + ln.Addr().String() + "/events"
	subs := make([]*testkit.Subscriber, clients)
	for i := range subs {
		subs[i] = testkit.Subscribe(t, url)
	}
	broadcast(t, hub, "", "before shutdown")

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	assert.Nil(t, h.Shutdown(ctx))
	<-ran
	took := time.Since(start)
	for i, s := range subs {
		testkit.Within(t, 10*time.Second, s.Done(), fmt.Sprintf("subscriber %d to end", i))
		assert.Nil(t, s.Err()) // a clean end of stream
		assert.DeepEqual(t, []string{"before shutdown"}, s.Data())
	}
	assert.Assert(t, took < 5*time.Second, took)
	t.Logf("shutdown with %d open streams took %v", clients, took)
}
