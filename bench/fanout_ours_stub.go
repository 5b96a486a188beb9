// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build nohub

package bench

// startOursFanout stands in for this package's Hub in a build with the "nohub" tag.
func startOursFanout() (*fanoutServer, error) { return nil, errHubNotBuilt }

// startOursReplay stands in for this package's Hub in a build with the "nohub" tag.
func startOursReplay() (*fanoutServer, error) { return nil, errHubNotBuilt }
