// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"fmt"
	"time"
)

// EncodeTable turns encode results into a table.
func EncodeTable(results []EncodeResult) Table {
	t := Table{
		Title: "1. Encode one event (id, event name, 3 data lines, " + fmt.Sprint(len(sampleWire())) + " B on the wire)",
		Short: "encode",
		Columns: []Column{
			{Name: "ns/op", Decimals: 1},
			{Name: "B/op"},
			{Name: "allocs/op"},
		},
	}
	ours := "This package's row is its encoder alone, `Event.AppendText` (the bytes `Stream.Publish` writes), as go-sse's is `Message.WriteTo` a buffer. "
	for _, r := range results {
		t.Rows = append(t.Rows, Row{Library: r.Library, How: r.Note,
			Values: []float64{r.NsPerOp, float64(r.BytesPerOp), float64(r.AllocsPerOp)}})
		if r.Library == Ours && r.StreamNsPerOp > 0 {
			ours += fmt.Sprintf("A whole `Stream.Publish` to io.Discard (encoder, lock, write and flush; `go test -bench Encode/ours-stream`) took %.1f ns/op in the same run. ", r.StreamNsPerOp)
		}
	}
	t.Notes = []string{"Measured with `testing.Benchmark`. " + ours + "Hertz's built-in package has no encoder apart from its `Writer`, so its row includes the `Writer`. The raw row is a copy of the pre-encoded bytes, the floor of any encoder."}
	return t
}

// ParseTable turns parse results into a table; served tells which variant they are.
func ParseTable(results []ParseResult, served bool) Table {
	t := Table{
		Title: "2a. Parse a 16 MiB stream held in memory",
		Short: "parse (in memory)",
		Columns: []Column{
			{Name: "MB/s", HigherIsBetter: true, Decimals: 0},
			{Name: "events/s", HigherIsBetter: true, Decimals: 0},
			{Name: "allocs/event", Decimals: 2},
		},
		Throughput: true,
	}
	if served {
		t.Title = "2b. Parse a 16 MiB stream served from one Hertz handler on loopback"
		t.Short = "parse (loopback)"
		t.Notes = []string{"Every reader reads the same response, written by one Hertz handler with `c.Data`; only the client differs. allocs/event counts the whole process, server included."}
	} else {
		t.Notes = []string{"This package's row is its public `Decoder` (`NewDecoder` over a `bytes.Reader`, `Next` until `io.EOF`), the parser its `Client` uses. Hertz's built-in `Reader` needs a response: its row reads one whose body stream is in memory. r3labs has no public decoder (its parsing is unexported): its row is its whole `Client` over an in-memory `http.RoundTripper`, header handling included."}
	}
	for _, r := range results {
		t.Rows = append(t.Rows, Row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{r.MBps, r.EventsPerSec, r.AllocsPerEvent}})
	}
	return t
}

// E2ETable turns end-to-end results, run with opts, into a table.
func E2ETable(results []E2EResult, opts E2EOptions) Table {
	opts = opts.withDefaults()
	t := Table{
		Title: "3. One stream end to end over loopback (each library's own server and client)",
		Short: "one stream e2e",
		Columns: []Column{
			{Name: "events/s", HigherIsBetter: true},
			{Name: "slowest run", HigherIsBetter: true},
			{Name: "fastest run", HigherIsBetter: true},
			{Name: "MB/s", HigherIsBetter: true, Decimals: 1},
			{Name: "allocs/event", Decimals: 2},
		},
		Throughput: true,
		Notes:      []string{fmt.Sprintf("Runs per library: %d, round-robin, each on a fresh server: the server publishes the sample event in a loop for %v and the client must receive exactly what was published. The table shows the median run, and the events/s of the slowest and fastest. allocs/event counts server and client together.", opts.Runs, opts.Duration)},
	}
	for _, r := range results {
		t.Rows = append(t.Rows, Row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{r.EventsPerSec, r.MinPerSec, r.MaxPerSec, r.MBps, r.AllocsPerEvent}})
	}
	return t
}

// FanoutTable turns fan-out results into a table.
func FanoutTable(results []FanoutResult, opts FanoutOptions) Table {
	t := Table{
		Title: fmt.Sprintf("4. Fan-out: %s subscribers, target %s events/s for %v",
			groupThousands(fmt.Sprint(opts.Subscribers)), groupThousands(fmt.Sprint(opts.Rate)), opts.Duration),
		Notes: []string{fmt.Sprintf("Runs per library: %d, round-robin; the row is the run with the median delivered/s. Latencies are from the scheduled send time to the subscriber's read, over delivered events only.", max(opts.Runs, 1))},
		Short: fmt.Sprintf("fan-out %s subs @ %s/s", groupThousands(fmt.Sprint(opts.Subscribers)), groupThousands(fmt.Sprint(opts.Rate))),
		Columns: []Column{
			{Name: "delivered/s", HigherIsBetter: true},
			{Name: "slowest run", HigherIsBetter: true},
			{Name: "fastest run", HigherIsBetter: true},
			{Name: "p50 ms", Decimals: 1},
			{Name: "p99 ms", Decimals: 1},
			{Name: "delivered %", HigherIsBetter: true, Decimals: 1},
			{Name: "published", HigherIsBetter: true},
			{Name: "heap KiB/conn", Decimals: 1},
			{Name: "goroutines/conn", Decimals: 2},
			{Name: "dropped conns"},
		},
		Throughput: true,
	}
	for _, r := range results {
		pct := na
		if r.Expected > 0 {
			pct = 100 * float64(r.Delivered) / float64(r.Expected)
		}
		t.Rows = append(t.Rows, Row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{r.DeliveredPerSec, r.MinPerSec, r.MaxPerSec, ms(r.P50), ms(r.P99), pct, float64(r.Published),
				r.HeapPerConn / 1024, r.GoroutinesPerConn, float64(r.Disconnected)}})
	}
	return t
}

// ReplayTable turns replay results into a table.
func ReplayTable(results []ReplayResult, opts ReplayOptions) Table {
	t := Table{
		Title: fmt.Sprintf("5. Replay: reconnect with Last-Event-ID after %s missed events, until the first live event",
			groupThousands(fmt.Sprint(opts.Missed))),
		Short: "replay",
		Columns: []Column{
			{Name: "median ms", Decimals: 2},
			{Name: "min ms", Decimals: 2},
			{Name: "replayed", HigherIsBetter: true},
			{Name: "missed", HigherIsBetter: true},
		},
	}
	for _, r := range results {
		t.Rows = append(t.Rows, Row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{ms(r.Median), ms(r.Min), float64(r.Replayed), float64(r.Expected)}})
	}
	return t
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
