// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Bench runs the same Server-Sent Events workloads through github.com/hertz-contrib/sse
// and through its peers, and prints the results side by side as Markdown tables. Run
// it from bench/:
//
//	go run .                 # every workload, a few minutes
//	go run . -quick          # every workload shrunk, to check the harness in seconds
//	go run . -only e2e,scale # some workloads
//
// It writes out/report.md and out/chart.svg, and after a full run copies them to
// RESULTS.md and chart.svg. `go test -bench` runs the workloads one library at a
// time, as go test benchmarks.
//
// The peers are Hertz's built-in github.com/cloudwego/hertz/pkg/protocol/sse,
// github.com/tmaxmax/go-sse and github.com/r3labs/sse/v2 (both on net/http), plus a
// raw-TCP ceiling: pre-encoded bytes written with big writes and read with a plain
// bufio.Reader that counts blank lines.
//
// Each workload runs its rows (a library, or a setting of this package) through one
// runner, roundRobin, and turns what they gave into a table: encode, parse, e2e,
// fanout, replay, compression, redis (the redis module's Backend beside go-redis on
// a redis-server of its own) and scale. Everything runs on 127.0.0.1 with ports
// chosen by the kernel, and every loop is bounded by a count or a deadline.
package main
