// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package redis runs the hubs of many server instances as one, on Redis Streams.
//
// A [Backend] is both an [sse.Broadcaster] and an [sse.Replayer]. Give it to every
// instance's Hub and each client, connected to any instance, receives every event
// published on any instance, in the same order everywhere, and can reconnect to any
// instance with Last-Event-ID and resume without a gap or a duplicate:
//
//	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:6379"})
//	hub := sse.NewHub(sse.WithBroadcaster(redis.New(rdb)))
//
// It needs Redis 6.2 or newer (XTRIM MINID, exclusive XRANGE ranges) and takes any
// go-redis UniversalClient. The package is named redis like go-redis's: import one of
// them under another name.
//
// # Storage
//
// All events live in one Redis stream ([WithKey], "sse:events" by default). Each
// event is one entry with the fields topic, event, data and retry (in milliseconds),
// plus prev, the ID of the entry before it, which tells [Backend.Replay] whether a
// trimmed history lost anything after a client's Last-Event-ID. The entry's ID, which
// XADD assigns (such as "1700000000000-0"), is the event's ID, so IDs are the same on
// every instance and survive a restart of the instances.
//
// The stream is trimmed on every publish, to [DefaultMaxLen] entries unless
// [WithMaxLen] and [WithMaxAge] say otherwise. Trimming is approximate, as with
// XADD's "MAXLEN ~": Redis keeps at least the limit and drops whole blocks of entries,
// so it may hold up to one block (stream-node-max-entries, 100 by default) more.
// Entries must not be removed with XDEL, which would leave gaps replay cannot see.
//
// # Failures
//
// Publishing while Redis is unreachable returns an error and no instance delivers
// the event. Each Listen loop logs a failed read, waits a bounded backoff, and
// resumes after the last entry it delivered once Redis answers again, so clients
// that stay connected miss nothing Redis still holds. With persistence on
// (appendonly), a restart of Redis keeps the history; without it the history is lost
// and reconnecting clients are told so with [sse.ErrUnknownEventID].
//
// The caller owns the go-redis client: the Backend never closes it. go-redis retries
// a command whose connection broke (Options.MaxRetries), which may publish an event
// twice, with two IDs, if the first attempt reached Redis; set MaxRetries to -1 where
// that matters more than riding out a broken connection.
package redis
