// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package prometheus exports what a Hub and a Client report through [sse.Metrics] as
// Prometheus metrics, on github.com/prometheus/client_golang.
//
//	m, err := prometheus.New(prometheus.WithHubName("prices"), prometheus.WithRegisterer(reg))
//	hub := sse.NewHub(sse.WithHubMetrics(m))
//	client := sse.NewClient(url, sse.WithClientMetrics(m))
//
// The package is named prometheus like client_golang's: import one of them under
// another name.
//
// # Metrics
//
// Every series carries the label hub, set by [WithHubName]:
//
//	sse_connections                  gauge      clients connected now
//	sse_events_published_total       counter    events broadcast (one per Broadcast or BroadcastTo)
//	sse_events_delivered_total       counter    live events written to clients (one per client)
//	sse_queue_full_total             counter    events that found a client's queue full; label policy
//	sse_replays_total                counter    reconnections with a Last-Event-ID; label outcome
//	sse_replayed_events              histogram  events sent by each recovered replay
//	sse_client_reconnects_total      counter    reconnections of Clients
//	sse_connection_duration_seconds  histogram  how long each stream lasted
//
// The label policy is [sse.SlowPolicy.String] ("disconnect", "drop-events"). The label
// outcome is "recovered" when the history covered the client's Last-Event-ID and
// "gap" when it did not (the hub's [sse.GapPolicy] then decides). Every series of a
// hub exists from [New] on, at zero, so that rates and alerts work before the first
// event; with [WithTopicLabel], a topic's series appears with its first event.
//
// # Cardinality
//
// Topics are not labels unless [WithTopicLabel] says so: a topic per user or per
// document would create a series for each. With it, sse_events_published_total gains
// the label topic, "" for events broadcast to every client. Other labels (a cluster, an
// instance) come from wrapping the registerer, as with any collector:
//
//	prometheus.WithRegisterer(promclient.WrapRegistererWith(promclient.Labels{"region": "eu"}, reg))
//
// # Registration
//
// [New] registers its collectors with [WithRegisterer]'s registerer, the default one
// of client_golang otherwise. Several Metrics can share a registerer: each adds its
// hub's series to the same collectors. Two Metrics with the same hub name share
// their series, which then add up. The collectors' shape comes from the first Metrics
// registered: a later one with other buckets uses the first one's, and one that
// differs on [WithTopicLabel] is refused with an error.
//
// # Connection durations
//
// Metrics is also an [sse.DurationMetrics]: a Hub calls [Metrics.ConnectionEnded]
// when a client leaves, with how long it stayed, which fills
// sse_connection_duration_seconds with nothing for the handler to do.
package prometheus
