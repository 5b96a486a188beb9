// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudwego/hertz/pkg/common/hlog"
)

func main() {
	maybeRunChild() // when started again as a fan-out subscriber or scale server process

	quick := flag.Bool("quick", false, "shrink every workload to check the harness in seconds")
	only := flag.String("only", "", "comma-separated workloads to run: "+strings.Join(workloads, ","))
	out := flag.String("out", "out", "directory for report.md and chart.svg")
	flag.Parse()

	hlog.SetLevel(hlog.LevelError)
	if _, err := raiseFileLimit(); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
	}
	cfg := runConfig{Quick: *quick, Progress: os.Stderr}
	if *only != "" {
		cfg.Only = strings.Split(*only, ",")
	}
	m := describeMachine()
	fmt.Fprintf(os.Stderr, "machine: %s, %d cores, %s\n", m.CPU, m.Cores, m.GoVersion)

	rep := runAll(cfg)
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
