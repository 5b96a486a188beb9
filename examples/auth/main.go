// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command auth decides per request which topics a client may join, from its bearer
// token. A refusal is answered before the stream starts (401 without a token, 403 with
// an unknown one), with the reason in the body.
//
//	go run ./auth
//	curl -N -H 'Authorization: Bearer alice' 'http://127.0.0.1:8891/events?topic=team.red&topic=team.blue'
//	curl -i 'http://127.0.0.1:8891/events?topic=team.red'     # 401
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse"
)

// teams maps a token to the topics its holder may read. A real server would verify a
// signed token instead.
var teams = map[string][]string{
	"alice": {"team.red", "team.blue"},
	"bob":   {"team.blue"},
}

// authorize keeps the requested topics the token allows.
func authorize(ctx context.Context, c *app.RequestContext, topics []string) ([]string, error) {
	token, ok := strings.CutPrefix(string(c.GetHeader("Authorization")), "Bearer ")
	if !ok || token == "" {
		return nil, sse.Refuse(http.StatusUnauthorized, "missing bearer token")
	}
	allowed, known := teams[token]
	if !known {
		return nil, sse.Refuse(http.StatusForbidden, "unknown token")
	}
	granted := slices.DeleteFunc(slices.Clone(topics), func(t string) bool { return !slices.Contains(allowed, t) })
	if len(granted) == 0 {
		return nil, sse.Refuse(http.StatusForbidden, "none of these topics is yours")
	}
	return granted, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8891", "address to listen on")
	flag.Parse()

	hub := sse.NewHub(sse.WithAuthorizer(authorize))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln))
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		var topics []string
		for _, t := range c.QueryArgs().PeekAll("topic") {
			topics = append(topics, string(t))
		}
		_ = hub.Serve(ctx, c, topics...)
	})
	go func() {
		for t := range time.NewTicker(time.Second).C {
			for _, team := range []string{"team.red", "team.blue"} {
				_ = hub.BroadcastTo(context.Background(), team, &sse.Event{Event: team, Data: []byte(t.Format(time.TimeOnly))})
			}
		}
	}()
	fmt.Printf("events on http://%s/events?topic=team.red&topic=team.blue (Authorization: Bearer alice or bob)\n", ln.Addr())
	h.Spin()
}
