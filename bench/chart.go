// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// chart draws, as a self-contained SVG, how fast this package is against the fastest
// peer and against the raw ceiling in every table: one bar per ratio on a log scale,
// starting at 1× and going right when this package is ahead.
func chart(tables []table, m machine) string {
	type bar struct {
		label string
		value float64
		color string
	}
	type group struct {
		name string
		bars []bar
	}
	var groups []group
	lo, hi := 0.1, 10.0
	for _, t := range tables {
		peer, okPeer, raw, okRaw := t.Speedups()
		g := group{name: t.Short}
		if okPeer {
			_, who, _ := t.FastestPeer()
			g.bars = append(g.bars, bar{"vs " + string(who), peer, "#2b6cb0"})
		}
		if okRaw {
			g.bars = append(g.bars, bar{"vs raw ceiling", raw, "#a0aec0"})
		}
		if len(g.bars) == 0 {
			continue
		}
		for _, b := range g.bars {
			lo = math.Min(lo, math.Pow(10, math.Floor(math.Log10(b.value))))
			hi = math.Max(hi, math.Pow(10, math.Ceil(math.Log10(b.value))))
		}
		groups = append(groups, g)
	}

	const (
		width, left, right = 860.0, 250.0, 60.0
		top, barH, gap     = 78.0, 16.0, 10.0
		headH              = 20.0 // a group's name, on a line of its own
	)
	plotW := width - left - right
	x := func(v float64) float64 {
		return left + (math.Log10(v)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))*plotW
	}
	height := top + 30
	for _, g := range groups {
		height += headH + float64(len(g.bars))*(barH+4) + gap
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(&b, `<text x="10" y="22" font-size="15" font-weight="bold">%s: speed relative to the fastest peer and to the raw TCP ceiling</text>`+"\n", html.EscapeString(string(ours)))
	fmt.Fprintf(&b, `<text x="10" y="40" fill="#4a5568">Log scale. Right of 1× = ahead. Speed = ours ÷ other for throughput, other ÷ ours for times. %s, %d cores, %s.</text>`+"\n",
		html.EscapeString(m.CPU), m.Cores, html.EscapeString(m.GoVersion))

	axisBottom := height - 24
	for p := math.Log10(lo); p <= math.Log10(hi)+1e-9; p++ {
		v := math.Pow(10, p)
		stroke, w := "#e2e8f0", 1.0
		if math.Abs(p) < 1e-9 {
			stroke, w = "#2d3748", 1.5
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"/>`+"\n", x(v), top-12, x(v), axisBottom, stroke, w)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#4a5568">%s×</text>`+"\n", x(v), axisBottom+16, trimFloat(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#4a5568">%s×</text>`+"\n", x(v), top-16, trimFloat(v))
	}

	y := top
	for _, g := range groups {
		fmt.Fprintf(&b, `<text x="10" y="%.1f" font-weight="bold">%s</text>`+"\n", y+headH-6, html.EscapeString(g.name))
		y += headH
		for _, br := range g.bars {
			x0, x1 := x(1), x(br.value)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#4a5568">%s</text>`+"\n", left-8, y+barH-3, html.EscapeString(br.label))
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", math.Min(x0, x1), y, math.Max(math.Abs(x1-x0), 1), barH, br.color)
			// The value goes right of the bar's end, or right of 1× for a bar that
			// goes left, so that it never runs into the labels.
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%.2f×</text>`+"\n", math.Max(x0, x1)+4, y+barH-3, br.value)
			y += barH + 4
		}
		y += gap
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
