// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
)

// publishScript adds an event to the stream, recording the ID of the entry before
// it, and trims the stream, all in one atomic step.
//
// KEYS[1] is the stream. ARGV: MAXLEN ("0" for none), the MINID cutoff in
// milliseconds ("" for none), then the topic, event, data and retry fields.
var publishScript = goredis.NewScript(`
local key = KEYS[1]
local prev = '0-0'
local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
if #last > 0 then
  prev = last[1][1]
end
local fields = {'*', 'topic', ARGV[3], 'event', ARGV[4], 'data', ARGV[5], 'retry', ARGV[6], 'prev', prev}
local id
if ARGV[1] ~= '0' then
  id = redis.call('XADD', key, 'MAXLEN', '~', ARGV[1], unpack(fields))
else
  id = redis.call('XADD', key, unpack(fields))
end
if ARGV[2] ~= '' then
  local cutoff = ARGV[2]
  if tonumber(cutoff) > tonumber(string.match(id, '^(%d+)')) then
    cutoff = id -- trim up to the event just added, never it, whatever the clocks say
  end
  redis.call('XTRIM', key, 'MINID', '~', cutoff)
end
return id
`)

// Publish implements [sse.Broadcaster]: it adds event under topic ("" for every
// client) to the stream with XADD, sets event.ID to the ID Redis assigned, and trims
// the stream (see [WithMaxLen] and [WithMaxAge]). Every Listen loop on the stream, on
// every instance, then delivers it. The event's ID on entry is ignored.
//
// It returns an error, and event.ID is unchanged, if event cannot be encoded (its
// name contains CR or LF, or its Retry is negative) or if Redis did not confirm the
// write; the event may then still have been stored if Redis received it before the
// connection broke.
func (b *Backend) Publish(ctx context.Context, topic string, event *sse.Event) error {
	if event == nil {
		return errors.New("sse/redis: publish of a nil event")
	}
	if strings.ContainsAny(event.Event, "\r\n") {
		return fmt.Errorf("%w: %q", sse.ErrInvalidEventName, event.Event)
	}
	if event.Retry < 0 {
		return fmt.Errorf("%w: %v", sse.ErrInvalidRetry, event.Retry)
	}
	cutoff := ""
	if b.opts.maxAge > 0 {
		cutoff = strconv.FormatInt(max(b.opts.now().Add(-b.opts.maxAge).UnixMilli(), 0), 10)
	}
	id, err := publishScript.Run(ctx, b.client, []string{b.opts.key},
		b.opts.maxLen, cutoff, topic, event.Event, event.Data, event.Retry.Milliseconds()).Text()
	if err != nil {
		return b.wrap(fmt.Sprintf("publish to topic %q", topic), err)
	}
	event.ID = id
	return nil
}
