// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/app/server"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/network/standard"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// stressCycles is how many subscriptions the cancellation stress test opens and
// cancels: a few thousand in a normal run, SSE_STRESS_CYCLES of them in make stress.
func stressCycles(t *testing.T) int {
	if v := os.Getenv("SSE_STRESS_CYCLES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("SSE_STRESS_CYCLES=%q: %v", v, err)
		}
		return n
	}
	return 3000
}

// burstyStream is an endless handler that alternates bursts of events with silences,
// so that a cancel lands mid-event, between events and while the reader waits. With
// the query ends=1 it ends the stream after a few events.
func burstyStream(ctx context.Context, c *app.RequestContext) {
	s := sse.NewStream(c)
	payload := []byte("0123456789abcdef0123456789abcdef")
	end := -1
	if c.Query("ends") != "" {
		end = rand.IntN(8)
	}
	for i := 0; i != end; i++ {
		if err := s.Publish(&sse.Event{ID: strconv.Itoa(i), Data: payload}); err != nil {
			return
		}
		if i%16 == 15 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(rand.IntN(300)) * time.Microsecond):
			}
		}
	}
}

func TestCancelAtAnyMomentNeverFaults(t *testing.T) {
	hertzClient := func(t *testing.T, make func(...config.ClientOption) (*client.Client, error), opts ...config.ClientOption) []sse.ClientOption {
		hc, err := make(opts...)
		if err != nil {
			t.Fatal(err)
		}
		return []sse.ClientOption{sse.WithHertzClient(hc)}
	}
	plainHertz := func(opts ...config.ClientOption) (*client.Client, error) {
		return client.NewClient(append(opts, client.WithResponseBodyStream(true))...)
	}
	clients := []struct {
		name string
		opts func(t *testing.T) []sse.ClientOption
	}{
		{"default", func(*testing.T) []sse.ClientOption { return nil }},
		{"standard", func(t *testing.T) []sse.ClientOption {
			return hertzClient(t, sse.NewHertzClient, client.WithDialer(standard.NewDialer()))
		}},
		// Hertz clients not made by NewHertzClient: the subscription closes the
		// connection only from its reading goroutine.
		{"plain-netpoll", func(t *testing.T) []sse.ClientOption { return hertzClient(t, plainHertz) }},
		{"plain-standard", func(t *testing.T) []sse.ClientOption {
			return hertzClient(t, plainHertz, client.WithDialer(standard.NewDialer()))
		}},
	}
	servers := map[string]string{
		"netpoll-server":  serveSSE(t, burstyStream),
		"standard-server": serveSSE(t, burstyStream, server.WithTransport(standard.NewTransporter)),
	}
	cycles := stressCycles(t) / len(clients) / len(servers)
	for _, cl := range clients {
		for sname, base := range servers {
			t.Run(cl.name+"/"+sname, func(t *testing.T) {
				stressCancels(t, base+"/sse", cl.opts(t), cycles)
			})
		}
	}
}

// stressCancels runs cycles subscriptions, several at once, each cancelled at a random
// moment: before the response, mid-event, between events, from the handler, or
// while the client waits to reconnect to a stream that ended.
func stressCancels(t *testing.T, url string, opts []sse.ClientOption, cycles int) {
	const workers = 8
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	var lastFailure atomic.Value
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once := sse.NewClient(url, opts...)
			// Its streams end after a few events, and it reconnects at once.
			reconnecting := sse.NewClient(url+"?ends=1", append(opts[:len(opts):len(opts)],
				sse.WithReconnect(sse.ReconnectPolicy{Delay: -1}))...)
			for i := next.Add(1); i <= int64(cycles); i = next.Add(1) {
				c := once
				if i%2 == 0 {
					c = reconnecting
				}
				failure, err := cancelOnce(c)
				if err != nil {
					errs <- err
					return
				}
				if failure != nil {
					failed.Add(1)
					lastFailure.Store(failure.Error())
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// A subscription that does not reconnect returns what failed before it was
	// cancelled (a connection the loaded server dropped, say): a fault of the machine,
	// not of the cancellation, as long as it stays rare.
	if n := failed.Load(); n > 0 {
		t.Logf("%d of %d subscriptions failed before their cancellation; the last: %v", n, cycles, lastFailure.Load())
		if n > int64(cycles)/100+1 {
			t.Fatalf("%d of %d subscriptions failed before their cancellation: more than 1%%", n, cycles)
		}
	}
}

// cancelOnce subscribes and cancels at a random moment, and checks that Subscribe
// returns promptly: it returns an error if Subscribe hangs or returns nil, and in
// failure what Subscribe returned if that was not the cancellation.
func cancelOnce(c *sse.Client) (failure, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	after := time.Duration(rand.IntN(2000)) * time.Microsecond
	inHandler := rand.IntN(4) == 0
	var events atomic.Int64
	result := make(chan error, 1)
	go func() {
		result <- c.SubscribeWithContext(ctx, func(*sse.Event) {
			if events.Add(1) == 3 && inHandler {
				cancel()
			}
		})
	}()
	timer := time.AfterFunc(after, cancel)
	defer timer.Stop()
	select {
	case err := <-result:
		switch {
		case err == nil:
			return nil, errors.New("Subscribe returned nil, not context.Canceled: an endless stream ended")
		case !errors.Is(err, context.Canceled):
			return err, nil
		}
		return nil, nil
	case <-time.After(10 * time.Second):
		return nil, errors.New("Subscribe did not return within 10s of its cancellation")
	}
}

func TestCancelBeforeTheResponseHeader(t *testing.T) {
	arrived := make(chan struct{}, 1)
	gone := make(chan struct{}, 1)
	url := testkit.Serve(t, testkit.Routes{
		"/slow": func(ctx context.Context, c *app.RequestContext) {
			arrived <- struct{}{}
			<-ctx.Done() // no header until the client has gone
			gone <- struct{}{}
		},
	}, testkit.SenseDisconnect)
	for name, opts := range clientTransports(t) {
		t.Run(name, func(t *testing.T) {
			sub := subscribeAsync(t, sse.NewClient(url+"/slow", opts...), func(*sse.Event) {})
			testkit.Within(t, 10*time.Second, arrived, "the request to arrive")
			sub.cancelAndWait(t)
			testkit.Within(t, 10*time.Second, gone, "the server to see the connection closed")
		})
	}
}

func TestProxyChainSurvivesClientChurn(t *testing.T) {
	var live atomic.Int64
	idle := make(chan struct{}, 1)
	origin := serveSSE(t, func(ctx context.Context, c *app.RequestContext) {
		live.Add(1)
		defer func() {
			if live.Add(-1) == 0 {
				select {
				case idle <- struct{}{}:
				default:
				}
			}
		}()
		burstyStream(ctx, c)
	}, testkit.SenseDisconnect)
	url := chain(t, origin+"/sse", 2, []config.Option{testkit.SenseDisconnect})
	stressCancels(t, url, nil, stressCycles(t)/5)
	// Every downstream client has left: the chain comes down to the origin.
	for live.Load() > 0 {
		testkit.Within(t, 10*time.Second, idle, fmt.Sprintf("the origin's last streams to end (%d left)", live.Load()))
	}
}
