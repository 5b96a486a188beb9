// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"errors"
	"strconv"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hertz-contrib/sse"
)

// settledLua begins both scripts: when the commit record, whose key is in the local
// record, has reached batch ARGV[1], the batch is settled and the script returns the
// record; otherwise the script goes on with the record, or nil, in the local rec.
const settledLua = `local rec = redis.call('GET', record)
if rec then
  local done = tonumber(string.match(rec, '^%d+'))
  if done and done >= tonumber(ARGV[1]) then
    return rec
  end
end
`

// commitScript stores one batch of events in one atomic step: it adds each event to
// the stream in order, each recording the ID of the entry before it, trims the
// stream (by count with the last XADD, by age with an XTRIM), and records the outcome
// under the lane's commit record.
//
// The record makes the script idempotent: it holds the number of the last batch the
// lane committed, then the IDs that batch got, then "|" and the error that stopped
// it, if one did. A batch whose number the record has reached is not stored again,
// and the record is returned instead: go-redis may send the script twice when a
// connection breaks, and a batch given up on is fenced off by fenceScript.
//
// KEYS: the stream, the commit record. ARGV: the batch number, MAXLEN ("0" for
// none), the MINID cutoff in milliseconds ("" for none), the record's time to live
// in milliseconds, then four per event: topic, event, data and retry (whole
// milliseconds). Every write after the first is a pcall, so that an error cannot
// leave the outcome unrecorded.
var commitScript = goredis.NewScript(`
local stream, record = KEYS[1], KEYS[2]
` + settledLua + `
local prev = '0-0'
local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
if #last > 0 then
  prev = last[1][1]
end
local out = {ARGV[1]}
local failure
for i = 5, #ARGV, 4 do
  local id
  if i + 4 > #ARGV and ARGV[2] ~= '0' then -- the last event trims by count
    id = redis.pcall('XADD', stream, 'MAXLEN', '~', ARGV[2], '*', 'topic', ARGV[i], 'event', ARGV[i + 1], 'data', ARGV[i + 2], 'retry', ARGV[i + 3], 'prev', prev)
  else
    id = redis.pcall('XADD', stream, '*', 'topic', ARGV[i], 'event', ARGV[i + 1], 'data', ARGV[i + 2], 'retry', ARGV[i + 3], 'prev', prev)
  end
  if type(id) == 'table' then
    failure = id.err or 'XADD failed'
    break
  end
  out[#out + 1] = id
  prev = id
end
if #out > 1 then
  if failure and ARGV[2] ~= '0' then
    redis.pcall('XTRIM', stream, 'MAXLEN', '~', ARGV[2])
  end
  if ARGV[3] ~= '' then
    local cutoff = ARGV[3]
    if tonumber(cutoff) > tonumber(string.match(prev, '^(%d+)')) then
      cutoff = prev -- trim up to the event just added, never it, whatever the clocks say
    end
    redis.pcall('XTRIM', stream, 'MINID', '~', cutoff)
  end
end
rec = table.concat(out, ' ')
if failure then
  rec = rec .. '|' .. failure
end
redis.pcall('SET', record, rec, 'PX', ARGV[4])
return rec
`)

// fenceScript settles a batch whose reply was lost: it returns the commit record if
// the batch was committed, and otherwise records the batch as given up, so that a
// copy of it still on its way to Redis cannot be stored later.
//
// KEYS: the commit record. ARGV: the batch number, the record's time to live in
// milliseconds, and why the batch was given up.
var fenceScript = goredis.NewScript(`
local record = KEYS[1]
` + settledLua + `
rec = ARGV[1] .. '|' .. ARGV[3]
redis.call('SET', record, rec, 'PX', ARGV[2])
return rec
`)

// eventArgs appends to args the four arguments of commitScript for te, as pointers
// into te and into retries, so that no argument is copied or boxed: an event costs
// no allocation. te and retries must not change until the script has been sent.
func eventArgs(args []any, te *sse.TopicEvent, retry *int64) []any {
	*retry = te.Event.Retry.Milliseconds()
	return append(args, &te.Topic, &te.Event.Event, (*dataArg)(&te.Event.Data), retry)
}

// dataArg hands go-redis an event's data without copying it or boxing a slice.
type dataArg []byte

// MarshalBinary returns the data.
func (d *dataArg) MarshalBinary() ([]byte, error) { return *d, nil }

// argsSize is about how many bytes an event adds to a batch: its share of
// maxBatchBytes.
func argsSize(topic string, e *sse.Event) int {
	return 64 + len(topic) + len(e.Event) + len(e.Data)
}

// commitRecord is a batch's outcome as its commit record tells it.
type commitRecord struct {
	ids     []string // of the events stored, in order
	failure string   // why the others were not, "" if they all were
}

// errRecord means the commit record does not belong to the batch asked about.
var errRecord = errors.New("sse/redis: unexpected commit record")

// parseRecord reads the commit record rec, which must be batch seq's.
func parseRecord(rec string, seq uint64) (commitRecord, error) {
	head, failure, _ := strings.Cut(rec, "|")
	number, ids, _ := strings.Cut(head, " ")
	if number != strconv.FormatUint(seq, 10) {
		return commitRecord{}, errRecord
	}
	var r commitRecord
	if ids != "" {
		r.ids = strings.Split(ids, " ")
	}
	r.failure = failure
	return r, nil
}

// recordKey returns the key of the commit record of the Backend with the given
// token, in the same hash slot as stream, so that one script can use both on Redis
// Cluster: a key with a hash tag shares it, and one without is wrapped in one.
func recordKey(stream, token string) string {
	if open := strings.IndexByte(stream, '{'); open >= 0 {
		if end := strings.IndexByte(stream[open+1:], '}'); end > 0 {
			return stream + ":publisher:" + token
		}
	}
	if !strings.Contains(stream, "}") {
		return "{" + stream + "}:publisher:" + token
	}
	// Neither works (a "}" without a hash tag): fine on one Redis; on Redis Cluster
	// such a key needs a hash tag, which the documentation of WithKey says.
	return stream + ":publisher:" + token
}
