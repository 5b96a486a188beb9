// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"os"
	"runtime"
	"strings"
)

// machine describes where the workloads ran.
type machine struct {
	CPU       string // model name from /proc/cpuinfo, or "unknown"
	Cores     int    // logical CPUs Go may use
	GoVersion string
	OS, Arch  string
	// LoadAvg is /proc/loadavg's one-minute load when described: above the core
	// count, something else was competing for the CPU.
	LoadAvg string
}

// describeMachine returns the machine this process runs on.
func describeMachine() machine {
	return machine{
		CPU:       cpuModel(),
		Cores:     runtime.NumCPU(),
		GoVersion: runtime.Version(),
		OS:        runtime.GOOS,
		Arch:      runtime.GOARCH,
		LoadAvg:   loadAverage(),
	}
}

// loadAverage returns the one-minute load average from /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if name, value, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}
