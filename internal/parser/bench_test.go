// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/hertz-contrib/sse/internal/parser"
)

// benchStream returns about size bytes of ~200-byte events, each with an
// id, an event type and three data lines, using eol as line terminator.
func benchStream(size int, eol string) ([]byte, int) {
	var b bytes.Buffer
	line := strings.Repeat("0123456789", 5)
	n := 0
	for ; b.Len() < size; n++ {
		b.WriteString("id: " + strconv.Itoa(1000000+n) + eol)
		b.WriteString("event: update" + eol)
		for range 3 {
			b.WriteString("data: " + line + eol)
		}
		b.WriteString(eol)
	}
	return b.Bytes(), n
}

func benchParse(b *testing.B, eol string) {
	stream, events := benchStream(16<<20, eol)
	rd := bytes.NewReader(stream)
	p := parser.New(rd, 0)
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(stream)
		p.Reset(rd)
		n := 0
		for {
			f, err := p.Next()
			if err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
			if len(f.Data) != 152 {
				b.Fatalf("bad event %q", f.Data)
			}
			n++
		}
		if n != events {
			b.Fatalf("got %d events, want %d", n, events)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(events), "ns/event")
}

// BenchmarkParse parses a 16 MiB stream of ~200-byte LF-terminated events.
func BenchmarkParse(b *testing.B) { benchParse(b, "\n") }

// BenchmarkParseCRLF is BenchmarkParse with CRLF line ends.
func BenchmarkParseCRLF(b *testing.B) { benchParse(b, "\r\n") }

// BenchmarkParseCR is BenchmarkParse with CR line ends.
func BenchmarkParseCR(b *testing.B) { benchParse(b, "\r") }
