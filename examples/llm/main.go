// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command llm streams tokens the way OpenAI-style chat APIs do, and reads them back.
//
// The server answers POST /v1/chat/completions with one event per token and a final
// "data: [DONE]". It runs with client-disconnection sensing, so a caller that goes
// away stops the (pretend) generation at once instead of wasting it. The client posts
// a JSON prompt, prints tokens as they come, and stops on [DONE].
//
//	go run ./llm -prompt "tell me about server-sent events"
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse"
)

type request struct {
	Prompt string `json:"prompt"`
}

// chunk is one streamed piece of the answer, shaped like OpenAI's.
type chunk struct {
	Choices []choice `json:"choices"`
}

type choice struct {
	Delta delta `json:"delta"`
}

type delta struct {
	Content string `json:"content"`
}

func main() {
	prompt := flag.String("prompt", "tell me about server-sent events", "what to ask")
	flag.Parse()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln), server.WithSenseClientDisconnection(true))
	h.POST("/v1/chat/completions", complete)
	go func() { _ = h.Run() }()

	body, _ := json.Marshal(request{Prompt: *prompt})
	c := sse.NewClient("http://"+ln.Addr().String()+"/v1/chat/completions",
		sse.WithMethod("POST"),
		sse.WithBody(body),
		sse.WithHeaders(map[string]string{"Content-Type": "application/json", "Authorization": "Bearer demo"}),
		sse.WithStopWhen(func(e *sse.Event) bool { return string(e.Data) == "[DONE]" }))
	err = c.Subscribe(func(e *sse.Event) {
		var ch chunk
		if err := e.DecodeJSON(&ch); err != nil {
			hlog.Error(err)
			return
		}
		for _, choice := range ch.Choices {
			fmt.Print(choice.Delta.Content)
		}
	})
	fmt.Println()
	if err != nil {
		hlog.Errorf("stream failed: %v", err)
	}
	_ = h.Shutdown(context.Background())
}

// complete streams a made-up answer, token by token, until it is done or the caller
// has gone.
func complete(ctx context.Context, c *app.RequestContext) {
	var req request
	if err := json.Unmarshal(c.Request.Body(), &req); err != nil || req.Prompt == "" {
		c.String(400, `want JSON {"prompt": "..."}`)
		return
	}
	answer := "You asked: " + req.Prompt + ". Server-sent events stream text over plain HTTP, " +
		"one event per token, so the answer shows up while it is being written."
	s := sse.NewStream(c)
	for _, word := range strings.SplitAfter(answer, " ") {
		e, err := sse.NewJSONEvent("", chunk{Choices: []choice{{Delta: delta{Content: word}}}})
		if err != nil {
			return
		}
		if err := s.Publish(e); err != nil {
			return
		}
		select {
		case <-ctx.Done(): // the caller went away: stop generating
			hlog.CtxInfof(ctx, "caller gone, generation stopped")
			return
		case <-time.After(30 * time.Millisecond): // the model "thinks"
		}
	}
	_ = s.Publish(&sse.Event{Data: []byte("[DONE]")})
}
