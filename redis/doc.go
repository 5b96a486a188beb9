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
// The stream is trimmed by every batch of publishes, to [DefaultMaxLen] entries unless
// [WithMaxLen] and [WithMaxAge] say otherwise. Trimming is approximate, as with
// XADD's "MAXLEN ~": Redis keeps at least the limit and drops whole blocks of entries,
// so it may hold up to one block (stream-node-max-entries, 100 by default) more.
// Entries must not be removed with XDEL, which would leave gaps replay cannot see.
//
// # Batching
//
// Publishes that arrive together share round trips. While a batch of events is on
// its way to Redis, the events published meanwhile queue up, and the next batch takes
// them all: one script call stores them in one atomic step, in the order they
// queued, each with an ID that XADD assigns and a prev that names the entry before
// it, and trims the stream. Up to [WithMaxInFlight] batches are on their way at once,
// each holding up to [WithMaxBatch] events. There is no timer and no goroutine of
// the Backend's: the publishing goroutines take turns sending the batches, and a
// Backend needs no closing.
//
// The cost in latency: a lone Publish is sent at once and waits for one round trip,
// plus the script's work, which is a little more than a plain XADD's. A Publish that
// arrives while every batch slot is busy waits for the first to come back, then for
// its own batch: at most about two round trips, however many publishers there are.
//
// Reads are batched too. Each XREAD of a Listen loop returns up to a page of entries
// ([WithPageSize]), which the Hub fans out in one pass ([sse.BatchListener]). On a
// busy stream the loop waits [WithReadInterval] between reads so that each carries
// many events; on a quiet one it hands each event over as soon as it comes.
//
// A Hub given the Backend as its Replayer alone ([sse.WithReplayer]) stores its
// broadcasts the same way ([Backend.StoreBatch]), outside the Hub's lock.
//
// # Failures
//
// Every Publish learns exactly what became of its event:
//   - nil: Redis stored it; every Listen loop delivers it;
//   - ctx.Err(): ctx ended while the event was queued; it was never sent and never
//     will be. Once its batch is on its way, Publish waits for the outcome, whatever
//     ctx does: the batch carries other publishers' events too;
//   - an error wrapping [ErrUnconfirmed]: Redis did not answer, nor then the question
//     of what it had stored (it is down, or the network to it is); the event may be
//     in the stream, and then reaches the clients;
//   - any other error: Redis did not store the event, and never will.
//
// Each Backend keeps, for each batch slot, a small commit record in Redis beside the
// stream (see [WithKey]; it expires ten minutes after the slot's last batch) that
// holds the number and the outcome of the slot's last batch. It makes batches
// idempotent: when go-redis sends a script again because a connection broke
// (Options.MaxRetries), Redis stores the batch once, and the repeated call returns
// the IDs of the first. When a reply is lost for good, the Backend asks Redis, with
// one more script call, whether the batch was stored, and in the same step fences it
// off, so that a copy still on its way cannot be stored afterwards: the answer is
// final.
//
// Redis rejecting a batch (out of memory, a key of the wrong type) fails every event
// in it that it did not store; the events before the failure, if any, are stored.
//
// Publishing while Redis is unreachable returns an error and no instance delivers
// the event. Each Listen loop logs a failed read, waits a bounded backoff, and
// resumes after the last entry it delivered once Redis answers again, so clients
// that stay connected miss nothing Redis still holds. With persistence on
// (appendonly), a restart of Redis keeps the history; without it the history is lost
// and reconnecting clients are told so with [sse.ErrUnknownEventID].
//
// The caller owns the go-redis client: the Backend never closes it.
package redis
