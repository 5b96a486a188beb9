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
	e := &sse.Event{}
	topic := fill(e, m)
	if data := field(m, fieldData); data != "" {
		e.Data = []byte(data)
	}
	return topic, e
}

// pageDecoder decodes the entries of one read into events carved from two blocks
// for the whole page, and lists them for delivery.
type pageDecoder struct {
	events []sse.Event
	data   []byte
	batch  []sse.TopicEvent // reused from page to page: the events are not
}

// reset prepares for the entries of msgs.
func (p *pageDecoder) reset(msgs []goredis.XMessage) {
	size := 0
	for _, m := range msgs {
		size += len(field(m, fieldData))
	}
	p.events = make([]sse.Event, 0, len(msgs))
	p.data = make([]byte, 0, size)
	clear(p.batch)
	p.batch = p.batch[:0]
}

// add decodes m, one of the entries reset was given, and appends it to the batch.
func (p *pageDecoder) add(m goredis.XMessage) {
	p.events = append(p.events, sse.Event{})
	e := &p.events[len(p.events)-1]
	topic := fill(e, m)
	if data := field(m, fieldData); data != "" {
		start := len(p.data)
		p.data = append(p.data, data...)
		e.Data = p.data[start:len(p.data):len(p.data)]
	}
	p.batch = append(p.batch, sse.TopicEvent{Topic: topic, Event: e})
}

// fill sets the ID, name and retry of e from m, and returns m's topic.
func fill(e *sse.Event, m goredis.XMessage) string {
	e.ID = m.ID
	e.Event = field(m, fieldEvent)
	if ms, err := strconv.ParseInt(field(m, fieldRetry), 10, 64); err == nil && ms > 0 {
		e.Retry = time.Duration(ms) * time.Millisecond
	}
	return field(m, fieldTopic)
}

// prevID returns the ID of the entry added before m, if m records it.
func prevID(m goredis.XMessage) (streamID, bool) {
	return parseID(field(m, fieldPrev))
}

func field(m goredis.XMessage, name string) string {
	s, _ := m.Values[name].(string)
	return s
}

// matches reports whether an event stored under topic goes to a client of topics: ""
// is for every client.
func matches(topic string, topics []string) bool {
	if topic == "" {
		return true
	}
	for _, t := range topics {
		if t == topic {
			return true
		}
	}
	return false
}
