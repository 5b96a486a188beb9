// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/cloudwego/hertz/pkg/app"
)

// Authorizer decides, per request, which topics a client may join: it returns the
// topics to serve (all of those asked for, some of them, or others), or an error to
// refuse the request. A refusal is answered before the stream starts, with the status
// of a [RefusalError] (see [Refuse]) or 403 Forbidden, and the error's text as the body.
type Authorizer func(ctx context.Context, c *app.RequestContext, topics []string) ([]string, error)

// RefusalError is an Authorizer's refusal with the status to answer.
type RefusalError struct {
	Status int
	Reason string
}

// Error returns the reason, which is also the body of the refusal.
func (e *RefusalError) Error() string { return e.Reason }

// Refuse returns a RefusalError: the request is answered with status and reason.
func Refuse(status int, reason string) error {
	return &RefusalError{Status: status, Reason: reason}
}

// authorize applies the hub's Authorizer. When it refuses, it answers the request and
// returns the error.
func (h *Hub) authorize(ctx context.Context, c *app.RequestContext, topics []string) ([]string, error) {
	if h.opts.authorizer == nil {
		return topics, nil
	}
	allowed, err := h.opts.authorizer(ctx, c, topics)
	if err == nil {
		return allowed, nil
	}
	status := http.StatusForbidden
	var re *RefusalError
	if errors.As(err, &re) && re.Status >= 400 {
		status = re.Status
	}
	c.Data(status, "text/plain; charset=utf-8", []byte(err.Error()))
	return nil, fmt.Errorf("%w (%d): %w", ErrForbidden, status, err)
}
