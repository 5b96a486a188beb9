// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Command report runs every workload of the bench module through this package and
// its peers and prints the results as Markdown tables. Run it from bench/:
//
//	go run ./cmd/report
//
// It writes out/report.md and out/chart.svg, and after a full run copies them to
// RESULTS.md and chart.svg. A full run takes a few minutes; -quick checks the harness
// in seconds, and -only runs some workloads.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudwego/hertz/pkg/common/hlog"

	"github.com/hertz-contrib/sse/bench"
)

func main() {
	bench.MaybeRunSubscribers() // when started as the fan-out subscriber process

	quick := flag.Bool("quick", false, "shrink every workload to check the harness in seconds")
	only := flag.String("only", "", "comma-separated workloads to run: "+strings.Join(bench.Workloads, ","))
	out := flag.String("out", "out", "directory for report.md and chart.svg")
	flag.Parse()

	hlog.SetLevel(hlog.LevelError)
	if _, err := bench.RaiseFileLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
	}
	cfg := bench.Config{Quick: *quick, Progress: os.Stderr}
	if *only != "" {
		cfg.Only = strings.Split(*only, ",")
	}
	m := bench.DescribeMachine()
	fmt.Fprintf(os.Stderr, "machine: %s, %d cores, %s\n", m.CPU, m.Cores, m.GoVersion)

	rep := bench.RunAll(cfg)
	fmt.Print(rep.Markdown())

	markdown := []string{filepath.Join(*out, "report.md")}
	chart := []string{filepath.Join(*out, "chart.svg")}
	if !cfg.Quick && len(cfg.Only) == 0 {
		markdown = append(markdown, "RESULTS.md")
		chart = append(chart, "chart.svg")
	}
	if err := rep.WriteFiles(markdown, chart); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %s and %s\n", strings.Join(markdown, ", "), strings.Join(chart, ", "))
}
