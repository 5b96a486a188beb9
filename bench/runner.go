// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"cmp"
	"slices"
)

// spread is what a row's runs say beside its median: the least and greatest key over
// them, and the error that ended them.
type spread struct {
	lo, hi float64
	err    error
}

// roundRobin is the runner of every workload. It runs each of rows rows times times
// (once if times is not positive), round-robin over the rows, so that a noisy moment
// on the machine falls on one run of several rows rather than on every run of one. A
// row's first failure ends its runs, and that run is then the row's result; otherwise
// its result is its median run by key, and its spread the range of key over its runs.
// key may be nil when there is one run.
func roundRobin[R any](rows, times int, run func(row int) (R, error), key func(R) float64) ([]R, []spread) {
	runs := make([][]R, rows)
	results := make([]R, rows)
	spreads := make([]spread, rows)
	for range max(times, 1) {
		for i := range rows {
			if spreads[i].err != nil {
				continue
			}
			r, err := run(i)
			if err != nil {
				results[i], spreads[i].err = r, err
				continue
			}
			runs[i] = append(runs[i], r)
		}
	}
	for i, rs := range runs {
		if spreads[i].err != nil {
			continue
		}
		if key != nil {
			slices.SortFunc(rs, func(a, b R) int { return cmp.Compare(key(a), key(b)) })
			spreads[i].lo, spreads[i].hi = key(rs[0]), key(rs[len(rs)-1])
		}
		results[i] = rs[len(rs)/2]
	}
	return results, spreads
}
