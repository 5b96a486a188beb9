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
	e := &sse.Event{ID: m.ID}
	topic := field(m, fieldTopic)
	e.Event = field(m, fieldEvent)
	if data := field(m, fieldData); data != "" {
		e.Data = []byte(data)
	}
	if ms, err := strconv.ParseInt(field(m, fieldRetry), 10, 64); err == nil && ms > 0 {
		e.Retry = time.Duration(ms) * time.Millisecond
	}
	return topic, e
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
