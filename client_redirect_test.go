// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

// seenRequest is what a server saw of one request.
type seenRequest struct {
	path, method, body, lastID, accept, custom, auth, cookie string
}

// recorder keeps the requests a test server saw, in order.
type recorder struct {
	mu   sync.Mutex
	seen []seenRequest
}

func (r *recorder) record(c *app.RequestContext) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := &c.Request.Header
	r.seen = append(r.seen, seenRequest{
		path: string(c.Path()), method: string(c.Method()), body: string(c.Request.Body()),
		lastID: sse.GetLastEventID(c), accept: string(h.Peek("Accept")), custom: string(h.Peek("X-Custom")),
		auth: string(h.Peek("Authorization")), cookie: string(h.Peek("Cookie")),
	})
}

func (r *recorder) requests() []seenRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seenRequest(nil), r.seen...)
}

// redirectTo answers with status and Location location.
func redirectTo(rec *recorder, status int, location string) func(context.Context, *app.RequestContext) {
	return func(ctx context.Context, c *app.RequestContext) {
		rec.record(c)
		if location != "" {
			c.Response.Header.Set("Location", location)
		}
		c.Status(status)
	}
}

func TestClientFollowsRedirects(t *testing.T) {
	rec := &recorder{}
	target := testkit.Serve(t, testkit.Routes{
		"ANY /events": func(ctx context.Context, c *app.RequestContext) {
			rec.record(c)
			s := sse.NewStream(c)
			_ = s.Publish(&sse.Event{ID: "7", Data: []byte("arrived")})
		},
	})
	cases := []struct {
		status     int
		method     string
		wantMethod string
		wantBody   string
	}{
		{http.StatusMovedPermanently, "POST", "GET", ""},
		{http.StatusFound, "POST", "GET", ""},
		{http.StatusSeeOther, "POST", "GET", ""},
		{http.StatusSeeOther, "PUT", "GET", ""},
		{http.StatusTemporaryRedirect, "POST", "POST", "prompt"},
		{http.StatusPermanentRedirect, "POST", "POST", "prompt"},
		{http.StatusMovedPermanently, "PUT", "PUT", "prompt"}, // only a POST turns into a GET
	}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.status)+"/"+tc.method, func(t *testing.T) {
			rec.mu.Lock()
			rec.seen = nil
			rec.mu.Unlock()
			// The first server sends the client on to a relative path, which sends it on
			// to the second server.
			first := testkit.Serve(t, testkit.Routes{
				"ANY /start": redirectTo(rec, tc.status, "/moved"),
				"ANY /moved": redirectTo(rec, tc.status, target+"/events"),
			})
			c := sse.NewClient(first+"/start", sse.WithMethod(tc.method), sse.WithBody([]byte("prompt")),
				sse.WithLastEventID("5"), sse.WithHeaders(map[string]string{"X-Custom": "kept"}))
			got, err := collect(t, context.Background(), c)
			assert.Nil(t, err)
			assert.DeepEqual(t, 1, len(got))
			assert.DeepEqual(t, "arrived", string(got[0].Data))
			seen := rec.requests()
			assert.DeepEqual(t, 3, len(seen))
			assert.DeepEqual(t, "/events", seen[2].path)
			assert.DeepEqual(t, tc.wantMethod, seen[2].method)
			assert.DeepEqual(t, tc.wantBody, seen[2].body)
			for _, r := range seen {
				assert.DeepEqual(t, "5", r.lastID)
				assert.DeepEqual(t, "kept", r.custom)
				assert.Assert(t, strings.Contains(r.accept, sse.ContentType), r.accept)
			}
		})
	}
}

func TestClientRedirectKeepsCredentialsOnTheSameHostOnly(t *testing.T) {
	rec := &recorder{}
	stream := func(ctx context.Context, c *app.RequestContext) {
		rec.record(c)
		_ = sse.NewStream(c).Publish(&sse.Event{Data: []byte("x")})
	}
	other := testkit.Serve(t, testkit.Routes{
		"/events": stream,
	})
	otherHost := strings.Replace(other, "127.0.0.1", "localhost", 1) // the same server under another name
	first := testkit.Serve(t, testkit.Routes{
		"/same":    redirectTo(rec, http.StatusFound, other+"/events"), // another port, the same host
		"/foreign": redirectTo(rec, http.StatusFound, otherHost+"/events"),
	})
	creds := sse.WithHeaders(map[string]string{"Authorization": "Bearer secret", "Cookie": "session=1", "X-Custom": "kept"})
	for _, tc := range []struct {
		path          string
		auth, cookies string
	}{
		{"/same", "Bearer secret", "session=1"},
		{"/foreign", "", ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec.mu.Lock()
			rec.seen = nil
			rec.mu.Unlock()
			_, err := collect(t, context.Background(), sse.NewClient(first+tc.path, creds))
			assert.Nil(t, err)
			seen := rec.requests()
			assert.DeepEqual(t, 2, len(seen))
			assert.DeepEqual(t, "Bearer secret", seen[0].auth)
			assert.DeepEqual(t, tc.auth, seen[1].auth)
			assert.DeepEqual(t, tc.cookies, seen[1].cookie)
			assert.DeepEqual(t, "kept", seen[1].custom)
		})
	}
}

func TestClientRedirectErrors(t *testing.T) {
	rec := &recorder{}
	url := testkit.Serve(t, testkit.Routes{
		"/none": redirectTo(rec, http.StatusFound, ""),
		"/loop": redirectTo(rec, http.StatusTemporaryRedirect, "/loop"),
		"/ftp":  redirectTo(rec, http.StatusFound, "ftp://example.com/x"),
	})
	cases := []struct {
		path string
		opts []sse.ClientOption
		want error
		hops int // requests the server sees
	}{
		{"/none", nil, sse.ErrBadRedirect, 1},
		{"/ftp", nil, sse.ErrBadRedirect, 1},
		{"/loop", nil, sse.ErrTooManyRedirects, 1 + sse.DefaultMaxRedirects},
		{"/loop", []sse.ClientOption{sse.WithMaxRedirects(2)}, sse.ErrTooManyRedirects, 3},
		{"/loop", []sse.ClientOption{sse.WithMaxRedirects(-1)}, sse.ErrUnexpectedStatus, 1},
		// A redirect it cannot follow would only come again: no reconnection.
		{"/loop", []sse.ClientOption{sse.WithMaxRedirects(1), sse.WithReconnect(sse.ReconnectPolicy{})}, sse.ErrTooManyRedirects, 2},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			rec.mu.Lock()
			rec.seen = nil
			rec.mu.Unlock()
			_, err := collect(t, context.Background(), sse.NewClient(url+tc.path, tc.opts...))
			assert.Assert(t, errors.Is(err, tc.want), err)
			assert.DeepEqual(t, tc.hops, len(rec.requests()))
		})
	}
}

func TestClientReconnectStartsAgainFromItsURL(t *testing.T) {
	rec := &recorder{}
	target := testkit.Serve(t, testkit.Routes{
		"/events": func(ctx context.Context, c *app.RequestContext) {
			rec.record(c)
			n := len(rec.requests())
			_ = sse.NewStream(c).Publish(&sse.Event{ID: string(rune('0' + n)), Data: []byte("x")})
		},
	})
	first := testkit.Serve(t, testkit.Routes{
		"/start": redirectTo(rec, http.StatusTemporaryRedirect, target+"/events"),
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []string
	c := sse.NewClient(first+"/start", sse.WithReconnect(sse.ReconnectPolicy{Delay: -1}))
	err := c.SubscribeWithContext(ctx, func(e *sse.Event) {
		if got = append(got, e.ID); len(got) == 2 {
			cancel()
		}
	})
	assert.DeepEqual(t, context.Canceled, err)
	var paths, lastIDs []string
	for _, r := range rec.requests() {
		paths = append(paths, r.path)
		lastIDs = append(lastIDs, r.lastID)
	}
	assert.DeepEqual(t, []string{"/start", "/events", "/start", "/events"}, paths)
	assert.DeepEqual(t, []string{"", "", "2", "2"}, lastIDs)
}
