// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package prometheus_test

import (
	"testing"

	promclient "github.com/prometheus/client_golang/prometheus"

	"github.com/hertz-contrib/sse/internal/testkit"
	sseprom "github.com/hertz-contrib/sse/prometheus"
)

// BenchmarkPerEvent measures the calls a hub makes per event, against sse.NopMetrics,
// one goroutine and all of them at once.
func BenchmarkPerEvent(b *testing.B) {
	m, err := sseprom.New(sseprom.WithRegisterer(promclient.NewRegistry()))
	if err != nil {
		b.Fatal(err)
	}
	byTopic, err := sseprom.New(sseprom.WithRegisterer(promclient.NewRegistry()), sseprom.WithTopicLabel())
	if err != nil {
		b.Fatal(err)
	}
	testkit.BenchmarkPerEvent(b, "prometheus", m, byTopic)
}
