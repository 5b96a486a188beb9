// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"time"
)

// encodeTable turns encode results into a table.
func encodeTable(results []encodeResult) table {
	t := table{
		Title: "1. Encode one event (id, event name, 3 data lines, " + fmt.Sprint(len(sampleWire())) + " B on the wire)",
		Short: "encode",
		Columns: []column{
			{Name: "ns/op", Decimals: 1},
			{Name: "B/op"},
			{Name: "allocs/op"},
		},
	}
	oursNote := "This package's row is its encoder alone, `Event.AppendText` (the bytes `Stream.Publish` writes), as go-sse's is `Message.WriteTo` a buffer. "
	for _, r := range results {
		t.Rows = append(t.Rows, row{Library: r.Library, How: r.Note,
			Values: []float64{r.NsPerOp, float64(r.BytesPerOp), float64(r.AllocsPerOp)}})
		if r.Library == ours && r.StreamNsPerOp > 0 {
			oursNote += fmt.Sprintf("A whole `Stream.Publish` to io.Discard (encoder, lock, write and flush; `go test -bench Encode/ours-stream`) took %.1f ns/op in the same run. ", r.StreamNsPerOp)
		}
	}
	t.Notes = []string{"Measured with `testing.Benchmark`. " + oursNote + "Hertz's built-in package has no encoder apart from its `Writer`, so its row includes the `Writer`. The raw row is a copy of the pre-encoded bytes, the floor of any encoder."}
	return t
}

// parseTable turns parse results into a table; served tells which variant they are.
func parseTable(results []parseResult, served bool) table {
	t := table{
		Title: "2a. Parse a 16 MiB stream held in memory",
		Short: "parse (in memory)",
		Columns: []column{
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
		t.Rows = append(t.Rows, row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{r.MBps, r.EventsPerSec, r.AllocsPerEvent}})
	}
	return t
}

// e2eTable turns end-to-end results, run with opts, into a table: 3a, each library's
// usual path, or with defaultPath 3b, the default path: this package's Stream without
// WithBatching and a write per event for the raw ceiling, beside the peers, which
// flush every event anyway.
func e2eTable(results []e2eResult, opts e2eOptions, defaultPath bool) table {
	opts = opts.withDefaults()
	t := table{
		Title: "3a. One stream end to end over loopback (each library's own server and client)",
		Short: "one stream e2e",
		Columns: []column{
			{Name: "events/s", HigherIsBetter: true},
			{Name: "slowest run", HigherIsBetter: true},
			{Name: "fastest run", HigherIsBetter: true},
			{Name: "MB/s", HigherIsBetter: true, Decimals: 1},
			{Name: "CPU µs/event", Decimals: 2},
			{Name: "allocs/event", Decimals: 2},
		},
		Throughput: true,
		Notes:      []string{fmt.Sprintf("Runs per library: %d, round-robin, each on a fresh server: the server publishes the sample event in a loop for %v and the client must receive exactly what was published. The table shows the median run, and the events/s of the slowest and fastest. CPU µs/event is the process's user and system time over the events, server and client together, as is allocs/event.", opts.Runs, opts.Duration)},
	}
	if defaultPath {
		t.Title = "3b. One stream end to end, default path: a handler publishing in a loop, one flush per event"
		t.Short = "one stream e2e, default path"
		t.Notes = append(t.Notes, "This package's row is a handler written as the seeds show (`NewStream`, then `Publish` in a loop: one write and one flush per event); the peers' rows are those of 3a (each of them writes and flushes every event already); the ceiling writes each pre-encoded event with one system call.")
	}
	for _, r := range results {
		if r.Default == defaultPath || (defaultPath && r.Library.IsPeer() && e2eDefaultRuns[r.Library] == nil) {
			t.Rows = append(t.Rows, row{Library: r.Library, How: r.Note, Err: r.Err,
				Values: []float64{r.EventsPerSec, r.MinPerSec, r.MaxPerSec, r.MBps, float64(r.CPUPerEvent) / float64(time.Microsecond), r.AllocsPerEvent}})
		}
	}
	return t
}

// fanoutTable turns fan-out results into a table.
func fanoutTable(results []fanoutResult, opts fanoutOptions) table {
	t := table{
		Title: fmt.Sprintf("4. Fan-out: %s subscribers, target %s events/s for %v",
			groupThousands(fmt.Sprint(opts.Subscribers)), groupThousands(fmt.Sprint(opts.Rate)), opts.Duration),
		Notes: []string{fmt.Sprintf("Runs per library: %d, round-robin; the row is the run with the median delivered/s. Latencies are from the scheduled send time to the subscriber's read, over delivered events only.", max(opts.Runs, 1))},
		Short: fmt.Sprintf("fan-out %s subs @ %s/s", groupThousands(fmt.Sprint(opts.Subscribers)), groupThousands(fmt.Sprint(opts.Rate))),
		Columns: []column{
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
		t.Rows = append(t.Rows, row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{r.DeliveredPerSec, r.MinPerSec, r.MaxPerSec, ms(r.P50), ms(r.P99), pct, float64(r.Published),
				r.HeapPerConn / 1024, r.GoroutinesPerConn, float64(r.Disconnected)}})
	}
	return t
}

// replayTable turns replay results into a table.
func replayTable(results []replayResult, opts replayOptions) table {
	t := table{
		Title: fmt.Sprintf("5. Replay: reconnect with Last-Event-ID after %s missed events, until the first live event",
			groupThousands(fmt.Sprint(opts.Missed))),
		Short: "replay",
		Columns: []column{
			{Name: "median ms", Decimals: 2},
			{Name: "min ms", Decimals: 2},
			{Name: "replayed", HigherIsBetter: true},
			{Name: "missed", HigherIsBetter: true},
		},
	}
	for _, r := range results {
		t.Rows = append(t.Rows, row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{ms(r.Median), ms(r.Min), float64(r.Replayed), float64(r.Expected)}})
	}
	return t
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// scaleTable turns scale results, run with opts, into a table.
func scaleTable(results []scaleResult, opts scaleOptions) table {
	opts = opts.withDefaults()
	t := table{
		Title: fmt.Sprintf("8a. %s idle subscribers in one server process, then one broadcast to all (netpoll's default buffers)",
			groupThousands(fmt.Sprint(opts.Subscribers))),
		Short: fmt.Sprintf("%s subscribers, memory", groupThousands(fmt.Sprint(opts.Subscribers))),
		Columns: []column{
			{Name: "heap+stack KiB/sub", Decimals: 1},
			{Name: "RSS KiB/sub", Decimals: 1},
			{Name: "goroutines/sub", Decimals: 2},
			{Name: "connect s", Decimals: 1},
			{Name: "broadcast p50 ms", Decimals: 0},
			{Name: "p99 ms", Decimals: 0},
			{Name: "max ms", Decimals: 0},
			{Name: "delivered %", HigherIsBetter: true, Decimals: 1},
			{Name: "dropped conns"},
		},
		Notes: []string{"Each library's server runs in a process of its own, started for this run, and the subscribers in another: " +
			"the memory columns are that process's growth from before the first subscriber connects to after the last has received a " +
			"warm-up event, divided by the subscribers (HeapInuse+StackInuse after two collections; resident set once freed memory is " +
			"returned to the system). \"connect s\" runs from the first dial until every subscriber has received an event (64 dials in " +
			"flight; a warm-up event goes out every 100 ms once all have dialled). The broadcast is one event carrying its send time, " +
			"published once to every subscriber; the latencies run from its publication to each subscriber's read."},
	}
	if opts.NetpollBuffer > 0 {
		t.Title = fmt.Sprintf("8b. %s idle subscribers, the Hertz servers with netpoll buffers of %d B",
			groupThousands(fmt.Sprint(opts.Subscribers)), opts.NetpollBuffer)
		t.Short = fmt.Sprintf("%s subscribers, memory (netpoll %d B)", groupThousands(fmt.Sprint(opts.Subscribers)), opts.NetpollBuffer)
		t.Notes = []string{fmt.Sprintf("The same workload, the servers on Hertz (this package and Hertz's built-in) started with "+
			"`netpoll.Configure(netpoll.Config{BufferSize: %d})` and `netpoll.LinkBufferCap = %d`: a connection's buffers start at that "+
			"size instead of 8 KiB to read and 4 KiB to write, and grow as a busy connection needs. The servers on net/http and the raw "+
			"ceiling do not use netpoll: their rows are those of 8a.", opts.NetpollBuffer, opts.NetpollBuffer)}
	}
	for _, r := range results {
		pct := na
		if r.Subscribers > 0 {
			pct = 100 * float64(r.Delivered) / float64(r.Subscribers)
		}
		t.Rows = append(t.Rows, row{Library: r.Library, How: r.Note, Err: r.Err,
			Values: []float64{r.HeapPerSub / 1024, r.RSSPerSub / 1024, r.GoroutinesPerSub, r.Connect.Seconds(),
				ms(r.P50), ms(r.P99), ms(r.Max), pct, float64(r.Disconnected)}})
	}
	return t
}
