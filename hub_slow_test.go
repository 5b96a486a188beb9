// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// stalledClient opens an event stream with a tiny receive buffer, reads the response
// header (so the hub holds it), and never reads again.
func stalledClient(t *testing.T, url string) net.Conn {
	t.Helper()
	addr, path, _ := strings.Cut(strings.TrimPrefix(url, "http://"), "/")
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	conn, err := d.Dial("tcp", addr)
	assert.Nil(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = fmt.Fprintf(conn, "GET /%s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", path, addr)
	assert.Nil(t, err)
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 16), nil)
	assert.Nil(t, err)
	assert.DeepEqual(t, 200, resp.StatusCode)
	return conn
}

// countingMetrics records what a hub reports.
type countingMetrics struct {
	sse.NopMetrics
	mu                 sync.Mutex
	queueFull          map[sse.SlowPolicy]int
	opened, closed     int
	published          int
	delivered          int
	replayHit, replays int
	replayed           int
	reconnects         int
}

func newCountingMetrics() *countingMetrics {
	return &countingMetrics{queueFull: map[sse.SlowPolicy]int{}}
}

func (m *countingMetrics) QueueFull(p sse.SlowPolicy) { m.mu.Lock(); m.queueFull[p]++; m.mu.Unlock() }
func (m *countingMetrics) ConnectionOpened()          { m.mu.Lock(); m.opened++; m.mu.Unlock() }
func (m *countingMetrics) ConnectionClosed()          { m.mu.Lock(); m.closed++; m.mu.Unlock() }
func (m *countingMetrics) EventPublished(string)      { m.mu.Lock(); m.published++; m.mu.Unlock() }
func (m *countingMetrics) EventsDelivered(n int)      { m.mu.Lock(); m.delivered += n; m.mu.Unlock() }
func (m *countingMetrics) Reconnect()                 { m.mu.Lock(); m.reconnects++; m.mu.Unlock() }
func (m *countingMetrics) Replay(hit bool, n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.replays++
	if hit {
		m.replayHit++
	}
	m.replayed += n
}

func (m *countingMetrics) fullCount(p sse.SlowPolicy) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queueFull[p]
}

// slowConsumerRun broadcasts enough large events that stalled clients fill their
// socket buffers and then their queues, while fast clients must get every event.
func slowConsumerRun(t *testing.T, policy sse.SlowPolicy) (fast []*testkit.Subscriber, results chan error, metrics *countingMetrics, hub *sse.Hub) {
	const events, size = 400, 16 << 10
	metrics = newCountingMetrics()
	hub = sse.NewHub(sse.WithQueueSize(8), sse.WithSlowPolicy(policy), sse.WithHubMetrics(metrics))
	results = make(chan error, 16)
	url := hubServer(t, hub, results)
	for range 3 {
		fast = append(fast, testkit.Subscribe(t, url+"/events?topic=t"))
	}
	for range 2 {
		stalledClient(t, url+"/events?topic=t")
	}
	// Fast clients keep up with the pace; stalled ones fall behind until their socket
	// buffers and then their queues are full.
	payload := strings.Repeat("x", size)
	for i := range events {
		assert.Nil(t, hub.BroadcastTo(context.Background(), "t", &sse.Event{ID: fmt.Sprint(i), Data: []byte(payload)}))
		for _, s := range fast {
			s.WaitFor(t, i+1)
		}
	}
	return fast, results, metrics, hub
}

func TestHubDropsSlowClients(t *testing.T) {
	_, results, metrics, hub := slowConsumerRun(t, sse.SlowDisconnect)
	for range 2 {
		err := testkit.Within(t, 30*time.Second, results, "a stalled client to be dropped")
		assert.Assert(t, errors.Is(err, sse.ErrSlowClient), err)
	}
	assert.Assert(t, metrics.fullCount(sse.SlowDisconnect) >= 2)
	assert.DeepEqual(t, 3, hub.ConnectionCount())
}

func TestHubDropsEventsForSlowClients(t *testing.T) {
	_, results, metrics, hub := slowConsumerRun(t, sse.SlowDropEvents)
	assert.Assert(t, metrics.fullCount(sse.SlowDropEvents) > 0)
	assert.DeepEqual(t, 5, hub.ConnectionCount()) // nobody was dropped
	select {
	case err := <-results:
		t.Fatalf("a client was dropped: %v", err)
	default:
	}
}
