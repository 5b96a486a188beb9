// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/common/test/assert"
	"github.com/hertz-contrib/sse"
	"github.com/hertz-contrib/sse/internal/testkit"
)

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
