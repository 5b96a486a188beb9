// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

type quote struct {
	Symbol string  `json:"symbol"`
	Price  float64 `json:"price"`
	Note   string  `json:"note"`
}

func TestJSONEventsRoundTrip(t *testing.T) {
	sent := quote{Symbol: "HTZ", Price: 101.25, Note: "line one\nline two"}
	url := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		e, err := sse.NewJSONEvent("quote", sent)
		assert.Nil(t, err)
		s := sse.NewStream(c)
		assert.Nil(t, s.Publish(e))
		assert.Nil(t, s.Publish(&sse.Event{ID: "7", Event: "quote", Data: []byte("{not json")}))
	})
	events, err := collect(t, context.Background(), sse.NewClient(url+"/sse"))
	assert.Nil(t, err)
	var got quote
	assert.Nil(t, events[0].DecodeJSON(&got))
	assert.DeepEqual(t, sent, got)
	assert.DeepEqual(t, "quote", events[0].Event)

	err = events[1].DecodeJSON(&got)
	var syntax *json.SyntaxError
	assert.Assert(t, errors.As(err, &syntax), err)
	assert.Assert(t, strings.Contains(err.Error(), `event "quote" (id "7")`), err)

	_, err = sse.NewJSONEvent("bad", make(chan int))
	assert.Assert(t, err != nil && strings.Contains(err.Error(), `event "bad"`), err)
}

// TestLLMTokenStream: a client posts a prompt and reads an OpenAI-style token stream
// that ends with "data: [DONE]".
func TestLLMTokenStream(t *testing.T) {
	url := testkit.Serve(t, testkit.Routes{
		"POST /v1/chat/completions": func(ctx context.Context, c *app.RequestContext) {
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
		},
	}, testkit.SenseDisconnect)
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
