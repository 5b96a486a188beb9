// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command stockprice streams simulated stock prices, one Hub topic per symbol, and keeps
// the last minute of prices so that a client that drops recovers every tick it missed.
//
// It serves on -addr and, unless -serve-only is set, runs a client that follows two
// symbols, drops its connection after a few ticks, and reconnects with Last-Event-ID:
// the ticks it missed while away arrive first, in order, then live ones.
//
//	go run ./stockprice
//	curl -N 'http://127.0.0.1:8889/prices?symbol=HTZ&symbol=SSE'
//
// A browser's EventSource on /prices, or a Go client with WithReconnect, survives
// Ctrl-C and a restart: the hub ends each stream with a jittered retry when the server
// stops, the client comes back on its own, and the new server, whose history does not
// know the client's Last-Event-ID, first sends it a "history-lost" event, then live
// prices. Try it with an ID the history never held:
//
//	curl -N -H 'Last-Event-ID: x-1' 'http://127.0.0.1:8889/prices?symbol=HTZ'
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse"
)

var symbols = map[string]float64{"HTZ": 101.25, "SSE": 42.10, "CWG": 7.01}

func main() {
	addr := flag.String("addr", "127.0.0.1:8889", "address to listen on")
	serveOnly := flag.Bool("serve-only", false, "serve without running the demo client")
	flag.Parse()

	hub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(10_000, time.Minute)))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln), server.WithExitWaitTime(time.Second))
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	// GET /prices?symbol=HTZ&symbol=SSE
	h.GET("/prices", func(ctx context.Context, c *app.RequestContext) {
		var topics []string
		c.QueryArgs().VisitAll(func(k, v []byte) {
			if string(k) == "symbol" {
				topics = append(topics, string(v))
			}
		})
		if err := hub.Serve(ctx, c, topics...); err != nil {
			hlog.CtxInfof(ctx, "prices stream ended: %v", err)
		}
	})

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go tick(ctx, hub)
	go func() { _ = h.Run() }()
	fmt.Printf("prices on http://%s/prices?symbol=HTZ&symbol=SSE\n", ln.Addr())
	if *serveOnly {
		<-ctx.Done()
	} else {
		follow(ctx, "http://"+ln.Addr().String()+"/prices?symbol=HTZ&symbol=SSE")
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = h.Shutdown(shutdown)
}

// tick publishes a random walk of every symbol's price ten times a second.
func tick(ctx context.Context, hub *sse.Hub) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	prices := make(map[string]float64, len(symbols))
	for s, p := range symbols {
		prices[s] = p
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for s := range prices {
			prices[s] *= 1 + (rand.Float64()-0.5)/100
			data := strconv.AppendFloat([]byte(`{"symbol":"`+s+`","price":`), prices[s], 'f', 2, 64)
			_ = hub.BroadcastTo(ctx, s, &sse.Event{Event: "price", Data: append(data, '}')})
		}
	}
}

// follow reads 10 ticks, goes away for a second, and comes back with Last-Event-ID.
func follow(ctx context.Context, url string) {
	var lastID string
	for round := 1; round <= 2; round++ {
		roundCtx, cancel := context.WithCancel(ctx)
		n := 0
		c := sse.NewClient(url, sse.WithLastEventID(lastID))
		_ = c.SubscribeWithContext(roundCtx, func(e *sse.Event) {
			n++
			fmt.Printf("round %d, tick %2d  id %s  %s\n", round, n, e.ID, e.Data)
			if n == 10 {
				cancel()
			}
		})
		cancel()
		lastID = string(c.GetLastEventID())
		if round == 1 {
			fmt.Println("... away for a second; the hub keeps what we miss ...")
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
}
