// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package bench runs the same Server-Sent Events workloads through
// github.com/hertz-contrib/sse and through its peers, and reports them side by side.
//
// The peers are Hertz's built-in github.com/cloudwego/hertz/pkg/protocol/sse,
// github.com/tmaxmax/go-sse and github.com/r3labs/sse/v2 (both on net/http), plus a
// raw-TCP ceiling: pre-encoded bytes written with big writes and read with a plain
// bufio.Reader that counts blank lines.
//
// Each workload is a function that returns one result per library: [RunEncode],
// [RunParse], [RunParseServed], [RunEndToEnd], [RunFanout] and [RunReplay]; [RunRedis]
// puts the redis module's Backend beside go-redis on a redis-server of its own.
// [RunAll] runs them all and [Report.Markdown] and [Report.Chart] print the report;
// `go run ./cmd/report` does both and writes the files. Everything runs on 127.0.0.1
// with ports chosen by the kernel, and every loop is bounded by a count or a deadline.
package bench
