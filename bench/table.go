// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"math"
	"strings"
)

// table is one workload's results: a row per library, a column per metric, and the
// ratio columns computed from the primary metric.
type table struct {
	Title   string   // the Markdown heading
	Short   string   // the workload's name in the chart
	Columns []column // the metrics
	Rows    []row    // one per library
	// Primary is the index of the column the ratios divide.
	Primary int
	// Throughput adds the ratio to the raw ceiling.
	Throughput bool
	// Peerless leaves out the ratio columns: the rows compare settings of this
	// package, not libraries.
	Peerless bool
	// Ceiling is the row the ratio to the ceiling divides by; rawTCP when empty.
	Ceiling library
	// Notes are paragraphs printed under the table.
	Notes []string
}

// column is one metric.
type column struct {
	Name           string // header, with the unit
	HigherIsBetter bool   // the direction of "better" for this metric
	Decimals       int    // digits printed after the point
}

// row is one library's values, NaN where it has none, or the error that left it
// without numbers.
type row struct {
	Library library
	Values  []float64 // one per column
	How     string    // which API was measured
	Err     error     // why there are no values
}

// na is the value of a metric a library does not have.
var na = math.NaN()

// ceiling returns the row the ratio to the ceiling divides by.
func (t *table) ceiling() library {
	if t.Ceiling == "" {
		return rawTCP
	}
	return t.Ceiling
}

func (t *table) primaryOf(lib library) (float64, bool) {
	for _, r := range t.Rows {
		if r.Library == lib && r.Err == nil && !math.IsNaN(r.Values[t.Primary]) {
			return r.Values[t.Primary], true
		}
	}
	return 0, false
}

// FastestPeer returns the best primary value among the peers and whose it is.
func (t *table) FastestPeer() (float64, library, bool) {
	higher := t.Columns[t.Primary].HigherIsBetter
	best, who, found := 0.0, library(""), false
	for _, r := range t.Rows {
		v, ok := t.primaryOf(r.Library)
		if !ok || !r.Library.IsPeer() {
			continue
		}
		if !found || (higher && v > best) || (!higher && v < best) {
			best, who, found = v, r.Library, true
		}
	}
	return best, who, found
}

// ratio returns lib's primary value divided by ref.
func (t *table) ratio(lib library, ref float64, refOK bool) (float64, bool) {
	v, ok := t.primaryOf(lib)
	if !ok || !refOK || ref == 0 {
		return 0, false
	}
	return v / ref, true
}

// Speedups returns how much faster this package is than the fastest peer and than
// the raw ceiling (throughput tables only), as factors where more than 1 means ahead:
// ours ÷ other for a metric where higher is better, other ÷ ours otherwise.
func (t *table) Speedups() (vsPeer float64, okPeer bool, vsRaw float64, okRaw bool) {
	higher := t.Columns[t.Primary].HigherIsBetter
	invert := func(r float64, ok bool) (float64, bool) {
		if !ok || r == 0 {
			return 0, false
		}
		if higher {
			return r, true
		}
		return 1 / r, true
	}
	best, _, found := t.FastestPeer()
	vsPeer, okPeer = invert(t.ratio(ours, best, found))
	if t.Throughput {
		raw, rawOK := t.primaryOf(t.ceiling())
		vsRaw, okRaw = invert(t.ratio(ours, raw, rawOK))
	}
	return vsPeer, okPeer, vsRaw, okRaw
}

// Markdown renders the table with its ratio columns and notes.
func (t *table) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", t.Title)
	primary := t.Columns[t.Primary]
	dir := "lower is better"
	if primary.HigherIsBetter {
		dir = "higher is better"
	}
	b.WriteString("| library |")
	for _, c := range t.Columns {
		fmt.Fprintf(&b, " %s |", c.Name)
	}
	if !t.Peerless {
		fmt.Fprintf(&b, " ÷ fastest peer (%s, %s) |", primary.Name, dir)
	}
	if t.Throughput {
		if t.Ceiling == "" {
			b.WriteString(" ÷ raw ceiling |")
		} else {
			b.WriteString(" ÷ ceiling |")
		}
	}
	b.WriteString(" how |\n|---|")
	for range t.Columns {
		b.WriteString("--:|")
	}
	if !t.Peerless {
		b.WriteString("--:|")
	}
	if t.Throughput {
		b.WriteString("--:|")
	}
	b.WriteString("---|\n")

	best, _, found := t.FastestPeer()
	raw, rawOK := t.primaryOf(t.ceiling())
	for _, r := range t.Rows {
		name := string(r.Library)
		if r.Library == ours {
			name = "**" + name + "**"
		}
		fmt.Fprintf(&b, "| %s |", name)
		for i, c := range t.Columns {
			if r.Err != nil {
				b.WriteString(" — |")
				continue
			}
			fmt.Fprintf(&b, " %s |", formatValue(r.Values[i], c.Decimals))
		}
		if !t.Peerless {
			fmt.Fprintf(&b, " %s |", formatRatio(t.ratio(r.Library, best, found)))
		}
		if t.Throughput {
			fmt.Fprintf(&b, " %s |", formatRatio(t.ratio(r.Library, raw, rawOK)))
		}
		how := r.How
		if r.Err != nil {
			how = "no result: " + r.Err.Error()
		}
		fmt.Fprintf(&b, " %s |\n", escapeCell(how))
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "\n%s\n", n)
	}
	return b.String()
}

func formatValue(v float64, decimals int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := fmt.Sprintf("%.*f", decimals, v)
	return groupThousands(s)
}

func formatRatio(r float64, ok bool) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.2f×", r)
}

// groupThousands puts a thin separator between groups of three integer digits.
func groupThousands(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if hasFrac {
		out += "." + frac
	}
	return out
}

func escapeCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
