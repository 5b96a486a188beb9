// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"encoding/json"
	"fmt"
)

// NewJSONEvent returns an event of type eventType ("" for "message") whose data is v
// encoded as JSON. JSON never contains a raw line break, so the data goes out as one
// "data" line.
func NewJSONEvent(eventType string, v any) (*Event, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sse: encode data of event %q as JSON: %w", eventType, err)
	}
	return &Event{Event: eventType, Data: data}, nil
}

// DecodeJSON decodes the event's data as JSON into v, as json.Unmarshal does. The
// error names the event, to make a bad payload easy to find in a stream.
func (e *Event) DecodeJSON(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("sse: decode data of event %q (id %q) as JSON: %w", e.Event, e.ID, err)
	}
	return nil
}
