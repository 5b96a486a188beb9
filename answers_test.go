// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// failingReplayer is a history whose backend fails: LastID, Replay or both.
type failingReplayer struct {
	sse.Replayer
	lastID, replay error
}

func (r failingReplayer) LastID(ctx context.Context) (string, error) {
	if r.lastID != nil {
		return "", r.lastID
	}
	return r.Replayer.LastID(ctx)
}

func (r failingReplayer) Replay(ctx context.Context, after string, topics []string, send func(*sse.Event) error) (int, error) {
	if r.replay != nil {
		return 0, r.replay
	}
	return r.Replayer.Replay(ctx, after, topics, send)
}

var errBackendDown = errors.New("backend down")

// comeBack matches the answer that makes a client reconnect later: an event stream
// that says why and how long to wait, then ends.
func comeBack(why string) *regexp.Regexp {
	return regexp.MustCompile(`^:` + regexp.QuoteMeta(why) + `\nretry: (\d+)\n\n$`)
}

// TestAnswersFollowTheRule is the table of every answer the package writes for a
// handler: to make a client come back, 200 text/event-stream with a retry and the end
// of the stream; to make it stop, 204; a refusal the application means keeps its
// status. Each is checked as bytes on the wire.
func TestAnswersFollowTheRule(t *testing.T) {
	const retry = 100 * time.Millisecond
	retryOpt := sse.WithHubRetry(retry)
	closedHub := sse.NewHub(retryOpt)
	assert.Nil(t, closedHub.Shutdown(context.Background()))
	history := sse.NewMemoryReplayer(0, 0)
	gapHub := sse.NewHub(sse.WithReplayer(history), retryOpt)
	refusingHub := sse.NewHub(sse.WithReplayer(sse.NewMemoryReplayer(0, 0)), sse.WithGapPolicy(sse.GapRefuse))
	lastIDDown := sse.NewHub(sse.WithReplayer(failingReplayer{Replayer: sse.NewMemoryReplayer(0, 0), lastID: errBackendDown}), retryOpt)
	replayDown := sse.NewHub(sse.WithReplayer(failingReplayer{Replayer: sse.NewMemoryReplayer(0, 0), replay: errBackendDown}), retryOpt)
	authHub := sse.NewHub(sse.WithAuthorizer(func(ctx context.Context, c *app.RequestContext, topics []string) ([]string, error) {
		return nil, sse.Refuse(401, "sign in first")
	}))
	for _, h := range []*sse.Hub{gapHub, refusingHub, lastIDDown, replayDown, authHub} {
		t.Cleanup(func() { _ = h.Shutdown(context.Background()) })
	}
	serveHub := func(hub *sse.Hub) app.HandlerFunc {
		return func(ctx context.Context, c *app.RequestContext) { _ = hub.Serve(ctx, c, "t") }
	}
	origin := testkit.Serve(t, testkit.Routes{
		"/500": func(ctx context.Context, c *app.RequestContext) { c.String(500, "broken") },
		"/503": func(ctx context.Context, c *app.RequestContext) {
			c.Response.Header.Set("Retry-After", "1")
			c.String(503, "busy")
		},
		"/429":    func(ctx context.Context, c *app.RequestContext) { c.String(429, "slow down") },
		"/html":   func(ctx context.Context, c *app.RequestContext) { c.Data(200, "text/html", []byte("<p>not a stream")) },
		"/204":    func(ctx context.Context, c *app.RequestContext) { c.Status(204) },
		"/404":    func(ctx context.Context, c *app.RequestContext) { c.String(404, "no such stream") },
		"/401":    func(ctx context.Context, c *app.RequestContext) { c.String(401, "who are you") },
		"/silent": func(ctx context.Context, c *app.RequestContext) { <-ctx.Done() },
	}, testkit.SenseDisconnect)
	proxy := func(path string, opts ...sse.ProxyOption) app.HandlerFunc {
		opts = append(opts, sse.WithProxyRetry(retry))
		return func(ctx context.Context, c *app.RequestContext) { _ = sse.Proxy(ctx, c, origin+path, opts...) }
	}
	r := testkit.Routes{
		"/hub/closed":       serveHub(closedHub),
		"/hub/gap":          serveHub(gapHub),
		"/hub/refuse":       serveHub(refusingHub),
		"/hub/lastid-down":  serveHub(lastIDDown),
		"/hub/replay-down":  serveHub(replayDown),
		"/hub/unauthorized": serveHub(authHub),
		"/proxy/unreachable": func(ctx context.Context, c *app.RequestContext) {
			_ = sse.Proxy(ctx, c, "http://127.0.0.1:1/nothing-listens", sse.WithProxyRetry(retry))
		},
		"/proxy/timeout": proxy("/silent", sse.WithUpstreamClient(sse.WithReadTimeout(50*time.Millisecond))),
	}
	for _, p := range []string{"/500", "/503", "/429", "/html", "/204", "/404", "/401"} {
		r["/proxy"+p] = proxy(p)
	}
	url := testkit.Serve(t, r, testkit.SenseDisconnect)

	type want struct {
		status      int
		contentType string
		body        *regexp.Regexp // for a stream that ends; nil: see first
		first       string         // the first block of a stream that goes on
		minRetry    time.Duration  // the retry the body asks for lies in [minRetry, 2*minRetry)
	}
	const stream, hertzDefaultType = "text/event-stream", "text/plain; charset=utf-8"
	cases := []struct {
		name, path, lastEventID string
		want                    want
	}{
		{"hub closed", "/hub/closed", "", want{200, stream, comeBack("server shutting down"), "", retry}},
		{"unknown last event id", "/hub/gap", "x-1", want{status: 200, contentType: stream,
			first: "id: HEAD\nevent: history-lost\ndata: {\"lastEventId\":\"x-1\",\"reason\":\"unknown\"}\n\n"}},
		{"gap refused", "/hub/refuse", "x-1", want{204, hertzDefaultType, regexp.MustCompile(`^$`), "", 0}},
		{"history down at connect", "/hub/lastid-down", "", want{200, stream, comeBack("event history unavailable"), "", retry}},
		{"history down in replay", "/hub/replay-down", "", want{200, stream, comeBack("event history unavailable"), "", retry}},
		{"authorizer refuses", "/hub/unauthorized", "", want{401, "text/plain; charset=utf-8", regexp.MustCompile(`^sign in first$`), "", 0}},
		{"upstream unreachable", "/proxy/unreachable", "", want{200, stream, comeBack("upstream event stream unavailable"), "", retry}},
		{"upstream 500", "/proxy/500", "", want{200, stream, comeBack("upstream event stream unavailable"), "", retry}},
		{"upstream 503 with Retry-After", "/proxy/503", "", want{200, stream, comeBack("upstream event stream unavailable"), "", time.Second}},
		{"upstream 429", "/proxy/429", "", want{200, stream, comeBack("upstream event stream unavailable"), "", retry}},
		{"upstream not a stream", "/proxy/html", "", want{200, stream, comeBack("upstream event stream unavailable"), "", retry}},
		{"upstream timed out", "/proxy/timeout", "", want{200, stream, comeBack("upstream event stream unavailable"), "", retry}},
		{"upstream 204", "/proxy/204", "", want{204, hertzDefaultType, regexp.MustCompile(`^$`), "", 0}},
		{"upstream 404", "/proxy/404", "", want{404, "text/plain; charset=utf-8", regexp.MustCompile(`^no such stream$`), "", 0}},
		{"upstream 401", "/proxy/401", "", want{401, "text/plain; charset=utf-8", regexp.MustCompile(`^who are you$`), "", 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.lastEventID != "" {
				headers = []string{sse.HeaderLastEventID, tc.lastEventID}
			}
			resp := openStream(t, url+tc.path, headers...)
			assert.DeepEqual(t, tc.want.status, resp.StatusCode())
			assert.DeepEqual(t, tc.want.contentType, string(resp.Header.ContentType()))
			if tc.want.first != "" {
				head, err := history.LastID(context.Background())
				assert.Nil(t, err)
				block, err := readBlock(bufio.NewReader(resp.BodyStream()))
				assert.Nil(t, err)
				assert.DeepEqual(t, strings.Replace(tc.want.first, "HEAD", head, 1), block)
				return
			}
			body := string(readAll(t, resp.BodyStream()))
			m := tc.want.body.FindStringSubmatch(body)
			assert.Assert(t, m != nil, "body", body, "does not match", tc.want.body)
			if tc.want.minRetry > 0 {
				ms, _ := strconv.Atoi(m[1])
				got := time.Duration(ms) * time.Millisecond
				assert.Assert(t, got >= tc.want.minRetry && got < 2*tc.want.minRetry, "retry", got)
			}
		})
	}
}

// readBlock reads one block of an event stream, up to and with its blank line.
func readBlock(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		b.WriteString(line)
		if err != nil {
			return b.String(), err
		}
		if line == "\n" {
			return b.String(), nil
		}
	}
}

// TestShutdownEndsStreamsWithARetry: the streams the hub ends on Shutdown tell their
// clients why and when to come back, each with its own time in [retry, 2*retry).
func TestShutdownEndsStreamsWithARetry(t *testing.T) {
	const retry = time.Second
	hub := sse.NewHub(sse.WithHubRetry(retry))
	url := hubServer(t, hub, nil)
	resp := openStream(t, url+"/events")
	assert.DeepEqual(t, 200, resp.StatusCode())
	body := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(resp.BodyStream())
		body <- string(b)
	}()
	// Without a history the hub registers the client before it sends the header.
	assert.DeepEqual(t, 1, hub.ConnectionCount())
	assert.Nil(t, hub.Shutdown(context.Background()))
	got := testkit.Within(t, 10*time.Second, body, "the stream to end")
	m := comeBack("server shutting down").FindStringSubmatch(got)
	assert.Assert(t, m != nil, got)
	ms, _ := strconv.Atoi(m[1])
	assert.Assert(t, ms >= 1000 && ms < 2000, ms)
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
