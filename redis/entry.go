// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
)

// Field names of a stream entry.
const (
	fieldTopic = "topic"
	fieldEvent = "event"
	fieldData  = "data"
	fieldRetry = "retry" // in whole milliseconds
	fieldPrev  = "prev"  // the ID of the entry added before this one, "0-0" for the first
)

// decode returns the topic and the event of a stream entry. Missing or malformed
// fields are left empty: an entry that another program added is still delivered.
func decode(m goredis.XMessage) (string, *sse.Event) {
	e := &sse.Event{ID: m.ID, Event: field(m, fieldEvent), Retry: retryOf(field(m, fieldRetry))}
	if data := field(m, fieldData); data != "" {
		e.Data = []byte(data)
	}
	return field(m, fieldTopic), e
}

// pageDecoder turns the entries of one read into events carved from one block for
// the whole page, and lists them for delivery. The events share the entries' data.
type pageDecoder struct {
	events []sse.Event
	batch  []sse.TopicEvent // reused from page to page: the events are not
}

// reset prepares for a page of n entries.
func (p *pageDecoder) reset(n int) {
	p.events = make([]sse.Event, 0, n)
	clear(p.batch)
	p.batch = p.batch[:0]
}

// add appends the event of e, one of the entries reset was told of, to the batch.
func (p *pageDecoder) add(e *entry) {
	p.events = append(p.events, sse.Event{ID: e.id, Event: e.event, Retry: retryOf(e.retry)})
	ev := &p.events[len(p.events)-1]
	if len(e.data) > 0 {
		ev.Data = e.data
	}
	p.batch = append(p.batch, sse.TopicEvent{Topic: e.topic, Event: ev})
}

// retryOf reads a retry field; malformed or not positive is none.
func retryOf(ms string) time.Duration {
	if n, err := strconv.ParseInt(ms, 10, 64); err == nil && n > 0 {
		return time.Duration(n) * time.Millisecond
	}
	return 0
}

// prevID returns the ID of the entry added before m, if m records it.
func prevID(m goredis.XMessage) (streamID, bool) {
	return parseID(field(m, fieldPrev))
}

func field(m goredis.XMessage, name string) string {
	s, _ := m.Values[name].(string)
	return s
}
