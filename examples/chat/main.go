// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command chat is a chat server: rooms are Hub topics, the page in a browser listens
// with EventSource, and a reconnecting browser gets the messages it missed from the
// hub's in-memory history.
//
//	go run ./chat            # then open the URL it prints
//	go run ./chat -addr 127.0.0.1:9000
//
// Open pages survive a restart: stop the server with Ctrl-C and start it again, and
// each page reconnects by itself (its status shows "connecting", then "open") and
// goes on showing new messages without a reload. The hub ends the streams with a
// jittered retry when the server stops, and the new server's hub, whose history is
// empty, replays what it holds (GapReplayAll). TestChatPageSurvivesARestart checks
// this in headless Chromium.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse"
)

//go:embed index.html
var page []byte

// rooms are the topics clients may join.
var rooms = []string{"lobby", "go", "random"}

// message is what a chat event carries.
type message struct {
	Room string    `json:"room"`
	Name string    `json:"name"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8888", "address to listen on")
	bot := flag.Duration("bot", 5*time.Second, "how often a bot talks in the lobby (0: never)")
	follow := flag.Bool("follow", false, "also print the lobby's messages here, read with the Go client")
	flag.Parse()

	hub := newHub()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		hlog.Fatal(err)
	}
	h := server.New(server.WithListener(ln), server.WithExitWaitTime(2*time.Second))
	mount(h, hub)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go presence(ctx, hub)
	if *bot > 0 {
		go talk(ctx, hub, *bot)
	}
	go func() { _ = h.Run() }()
	url := "http://" + ln.Addr().String()
	fmt.Printf("chat demo: open %s in a browser (Ctrl-C to stop)\n", url)
	if *follow {
		go printLobby(ctx, url)
	}
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = h.Shutdown(shutdown)
}

// newHub returns the chat's hub: rooms and presence are its topics, and its history
// of the last 1000 events (30 minutes at most) lets a reconnecting browser catch up,
// or start again from the oldest it has if the browser was away longer. opts come
// after these options.
func newHub(opts ...sse.HubOption) *sse.Hub {
	return sse.NewHub(append([]sse.HubOption{
		sse.WithReplayer(sse.NewMemoryReplayer(1000, 30*time.Minute)),
		sse.WithGapPolicy(sse.GapReplayAll),
	}, opts...)...)
}

// mount adds the chat to h: its routes, and the hub's shutdown to h's, so that open
// streams end cleanly when the server stops.
func mount(h *server.Hertz, hub *sse.Hub) {
	h.OnShutdown = append(h.OnShutdown, func(ctx context.Context) { _ = hub.Shutdown(ctx) })
	routes(h, hub)
}

func routes(h *server.Hertz, hub *sse.Hub) {
	h.GET("/", func(ctx context.Context, c *app.RequestContext) {
		c.Data(200, "text/html; charset=utf-8", page)
	})
	// GET /events?room=lobby streams a room; the presence topic carries the count of
	// connected browsers.
	h.GET("/events", func(ctx context.Context, c *app.RequestContext) {
		room := string(c.QueryArgs().Peek("room"))
		if !validRoom(room) {
			c.String(404, "no such room")
			return
		}
		_ = hub.Serve(ctx, c, "room:"+room, "presence")
	})
	// POST /messages {"room":"lobby","name":"ann","text":"hi"}
	h.POST("/messages", func(ctx context.Context, c *app.RequestContext) {
		var m message
		if err := json.Unmarshal(c.Request.Body(), &m); err != nil || !validRoom(m.Room) || strings.TrimSpace(m.Text) == "" {
			c.String(400, "want JSON {room, name, text} with a known room and some text")
			return
		}
		m.At = time.Now()
		if err := say(ctx, hub, m); err != nil {
			c.String(503, err.Error())
			return
		}
		c.Status(204)
	})
}

func validRoom(room string) bool {
	for _, r := range rooms {
		if r == room {
			return true
		}
	}
	return false
}

func say(ctx context.Context, hub *sse.Hub, m message) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return hub.BroadcastTo(ctx, "room:"+m.Room, &sse.Event{Event: "message", Data: data})
}

// presence tells every browser how many are connected, whenever that changes.
func presence(ctx context.Context, hub *sse.Hub) {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	last := -1
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if n := hub.ConnectionCount(); n != last {
			last = n
			_ = hub.BroadcastTo(ctx, "presence", &sse.Event{Event: "presence", Data: fmt.Appendf(nil, `{"connections":%d}`, n)})
		}
	}
}

// talk makes a bot say something in the lobby now and then, so the demo is never idle.
func talk(ctx context.Context, hub *sse.Hub, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case t := <-tick.C:
			_ = say(ctx, hub, message{Room: "lobby", Name: "bot", Text: fmt.Sprintf("tick %d: it is %s", n, t.Format(time.TimeOnly)), At: t})
		}
	}
}

// printLobby follows the lobby with the Go client, as a service consuming the stream
// would, and prints each message.
func printLobby(ctx context.Context, url string) {
	c := sse.NewClient(url+"/events?room=lobby", sse.WithReconnect(sse.ReconnectPolicy{}))
	err := c.SubscribeWithContext(ctx, func(e *sse.Event) {
		if e.Event != "message" {
			return
		}
		var m message
		if json.Unmarshal(e.Data, &m) == nil {
			fmt.Printf("[lobby] %s: %s\n", m.Name, m.Text)
		}
	})
	if err != nil && ctx.Err() == nil {
		hlog.Errorf("lobby follower stopped: %v", err)
	}
}
