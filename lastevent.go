// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"bytes"

	"github.com/cloudwego/hertz/pkg/app"
	"github.com/cloudwego/hertz/pkg/protocol"
)

const (
	// HeaderLastEventID is the request header in which a reconnecting client sends the
	// ID of the last event it received.
	HeaderLastEventID = "Last-Event-ID"

	// ContentType is the media type of an event stream.
	ContentType = "text/event-stream"
)

// GetLastEventID returns the Last-Event-ID header of the request: the ID of the last
// event a reconnecting client received, or "" on a first connection.
func GetLastEventID(c *app.RequestContext) string {
	return string(c.Request.Header.Peek(HeaderLastEventID))
}

// SetLastEventID sets the Last-Event-ID header of req, or removes it if id is empty.
func SetLastEventID(req *protocol.Request, id string) {
	if id == "" {
		req.Header.Del(HeaderLastEventID)
		return
	}
	req.Header.Set(HeaderLastEventID, id)
}

// AddAcceptMIME adds text/event-stream to the Accept header of req unless it is
// already there. Some servers answer with an event stream only when asked for one.
func AddAcceptMIME(req *protocol.Request) {
	accept := req.Header.Peek("Accept")
	switch {
	case len(accept) == 0:
		req.Header.Set("Accept", ContentType)
	case !bytes.Contains(accept, []byte(ContentType)):
		req.Header.Set("Accept", string(accept)+", "+ContentType)
	}
}
