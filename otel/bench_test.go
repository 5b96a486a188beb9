// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package otel_test

import (
	"context"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/hertz-contrib/sse/internal/testkit"
	sseotel "github.com/hertz-contrib/sse/otel"
)

// BenchmarkPerEvent measures the calls a hub makes per event with the SDK, against
// sse.NopMetrics, one goroutine and all of them at once.
func BenchmarkPerEvent(b *testing.B) {
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() { _ = provider.Shutdown(context.Background()) })
	m, err := sseotel.New(sseotel.WithMeterProvider(provider), sseotel.WithHubName("plain"))
	if err != nil {
		b.Fatal(err)
	}
	byTopic, err := sseotel.New(sseotel.WithMeterProvider(provider), sseotel.WithHubName("topics"), sseotel.WithTopicAttribute())
	if err != nil {
		b.Fatal(err)
	}
	testkit.BenchmarkPerEvent(b, "otel", m, byTopic)
}
