// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/cloudwego/hertz/pkg/protocol"
)

// maxErrorBody is how much of a refused response's body a ResponseError keeps.
const maxErrorBody = 512

// ResponseError reports a response that is not an event stream: a status other than
// 2xx, a Content-Type other than text/event-stream, or a body in a content coding the
// Client cannot decode. It wraps [ErrUnexpectedStatus] or [ErrUnexpectedContentType].
type ResponseError struct {
	Method      string
	URL         string
	StatusCode  int
	ContentType string
	// ContentEncoding is the response's Content-Encoding when it named a coding the
	// Client cannot decode (the Client decodes gzip only); the error then matches
	// ErrUnexpectedContentType, and Body is empty, since it would be coded.
	ContentEncoding string
	// Body is the start of the response body (at most 512 bytes): servers often say
	// there why they refused.
	Body string
	// RetryAfter is how long the server's Retry-After header asked to wait (it is
	// sent in seconds), or zero when it sent none.
	RetryAfter time.Duration
	// Err is what the error matches: ErrUnexpectedStatus or ErrUnexpectedContentType.
	// A [ResponseCallback] that builds a ResponseError sets it, so that callers can
	// still branch on it and a reconnecting Client knows whether to try again.
	Err error
}

// Error says which request got which response, and what the body began with.
func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("sse: %s %s: unexpected status %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case e.Err == ErrUnexpectedContentType && e.ContentEncoding != "":
		msg = fmt.Sprintf("sse: %s %s: response is not a readable event stream: unsupported Content-Encoding %q", e.Method, e.URL, e.ContentEncoding)
	case e.Err == ErrUnexpectedContentType:
		msg = fmt.Sprintf("sse: %s %s: response is not text/event-stream: Content-Type %q", e.Method, e.URL, e.ContentType)
	}
	if e.Body != "" {
		msg += fmt.Sprintf(": %q", e.Body)
	}
	return msg
}

// Unwrap returns Err.
func (e *ResponseError) Unwrap() error { return e.Err }

// checkResponse accepts resp as an event stream or says why not. A ResponseCallback
// replaces the checks of the status and Content-Type, not that of the content coding,
// without which the body cannot be read.
func (s *subscription) checkResponse(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	if s.responseCallback != nil {
		if err := s.responseCallback(ctx, req, resp); err != nil {
			return permanentError{err}
		}
		return s.checkCoding(resp)
	}
	status := resp.StatusCode()
	if status == 204 {
		return errNoContent
	}
	contentType := string(resp.Header.ContentType())
	var err error
	switch {
	case status < 200 || status > 299:
		err = ErrUnexpectedStatus
	case !isEventStream(contentType):
		err = ErrUnexpectedContentType
	default:
		return s.checkCoding(resp)
	}
	re := &ResponseError{Method: s.at.method, URL: s.at.url, StatusCode: status, ContentType: contentType, Err: err}
	if secs, perr := strconv.Atoi(string(resp.Header.Peek("Retry-After"))); perr == nil && secs > 0 {
		re.RetryAfter = time.Duration(secs) * time.Second
	}
	body := make([]byte, maxErrorBody)
	n, _ := io.ReadFull(resp.BodyStream(), body)
	re.Body = string(body[:n])
	return re
}

// isEventStream reports whether a Content-Type names text/event-stream, in any case
// and with any parameters.
func isEventStream(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == ContentType
}
