// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package otel exports what a Hub and a Client report through [sse.Metrics] as
// OpenTelemetry metrics, on go.opentelemetry.io/otel/metric.
//
//	m, err := otel.New(otel.WithHubName("prices"), otel.WithMeterProvider(provider))
//	hub := sse.NewHub(sse.WithHubMetrics(m))
//	client := sse.NewClient(url, sse.WithClientMetrics(m))
//
// The package is named otel like OpenTelemetry's API: import one of them under
// another name.
//
// # Instruments
//
// The meter is named [ScopeName]. Every measurement carries the attribute sse.hub,
// set by [WithHubName]:
//
//	sse.connections          Int64UpDownCounter  {connection}  clients connected now
//	sse.events.published     Int64Counter        {event}       events broadcast (one per Broadcast or BroadcastTo)
//	sse.events.delivered     Int64Counter        {event}       live events written to clients (one per client)
//	sse.queue_full           Int64Counter        {event}       events that found a client's queue full; sse.slow_policy
//	sse.replays              Int64Counter        {replay}      reconnections with a Last-Event-ID; sse.replay.outcome
//	sse.replayed_events      Int64Histogram      {event}       events sent by each recovered replay
//	sse.client.reconnects    Int64Counter        {reconnect}   reconnections of Clients
//	sse.connection.duration  Float64Histogram    s             how long each stream lasted
//
// These are the instruments of github.com/hertz-contrib/sse/prometheus: through
// OpenTelemetry's Prometheus exporter they get the same metric names, with the
// attributes as the labels sse_hub, sse_topic, sse_slow_policy and
// sse_replay_outcome. The attribute
// sse.slow_policy is [sse.SlowPolicy.String] ("disconnect", "drop-events");
// sse.replay.outcome is "recovered" when the history covered the client's
// Last-Event-ID and "gap" when it did not (the hub's [sse.GapPolicy] then decides).
// The histograms advise bucket boundaries ([DefaultDurationBuckets],
// [DefaultReplayBuckets]); a View of the SDK replaces them.
//
// # Cardinality
//
// Topics are not attributes unless [WithTopicAttribute] says so: a topic per user or
// per document would create a stream of data points for each. With it,
// sse.events.published gains the attribute sse.topic, "" for events broadcast to
// every client.
//
// # Connection durations
//
// Metrics is also an [sse.DurationMetrics]: a Hub calls [Metrics.ConnectionEnded]
// when a client leaves, with how long it stayed, which records
// sse.connection.duration with nothing for the handler to do.
package otel
