// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package interop_test

import (
	"bytes"
	"slices"
	"testing"

	r3 "github.com/r3labs/sse/v2"

	"github.com/hertz-contrib/sse"
)

// The same events in every direction: this package's server read by each peer's
// client, and each peer's server read by this package's client. Where a peer departs
// from the WHATWG standard, the tests say so (t.Log) and check against the standard
// anyway; a case a peer cannot do at all is skipped with the peer's bug named.

// clientDeviations are the peers' clients' known departures from the standard when
// they read what this package's server writes, by case name. go-sse's and r3labs'
// clients read every case as the standard does.
var clientDeviations = map[peer]map[string]deviation{
	peerHertz: {
		// Reader.Read appends the LF between data lines only once the data buffer
		// is non-empty, where the standard appends value+LF for every data line.
		"leading empty line": {
			bug:  "its Reader drops an empty first data line (\"data:\\ndata:x\" gives \"x\", not \"\\nx\")",
			got:  []received{{"message", "after an empty line", "11"}},
			skip: true,
		},
		"only line ends": {
			bug:  "its Reader drops empty data lines at the start of an event (three empty data lines give \"\", not \"\\n\\n\")",
			got:  []received{{"message", "", "13"}},
			skip: true,
		},
	},
}

// serverDeviations are the peers' servers' known departures: what they write for a
// case, as the standard reads it.
var serverDeviations = map[peer]map[string]deviation{
	// Message.AppendData splits with parser.NextChunk, which yields no chunk for ""
	// and none for what follows a final line end.
	peerGoSSE: lostEmptyLines("Message.AppendData",
		"Message.AppendData(\"\") adds no data line, so the block has only id and event and dispatches nothing"),
	// Writer.Write loops "for len(data) > 0", writing one data line per scanEOL.
	peerHertz: lostEmptyLines("Writer.Write",
		"Writer.Write writes no data line for empty Data, so the block dispatches nothing"),
	peerR3labs: {
		// ServeHTTP with SplitData splits on LF only (bytes.Split(data, "\n")).
		"lone CR becomes LF": {
			bug: "SplitData splits on LF only: a lone CR goes out inside a data line, where it ends the line, and the rest of the line becomes an unknown field (\"a\\rb\\rc\" arrives as \"a\")",
			got: []received{{"message", "a", "4"}},
		},
		"mixed line ends": {
			bug: "SplitData splits on LF only: the text after a lone CR is lost (\"a\\r\\nb\\nc\\rd\" arrives as \"a\\nb\\nc\")",
			got: []received{{"message", "a\nb\nc", "5"}},
		},
		// ServeHTTP: "if len(ev.Data) == 0 && len(ev.Comment) == 0 { break }".
		"empty data": {
			bug:  "ServeHTTP ends the stream at an event with empty data instead of writing it",
			got:  nil,
			skip: true,
		},
	},
}

// lostEmptyLines are the deviations of a server whose writer writes no data line for
// empty data, which emptyData describes, and none for the empty line after a final
// line end.
func lostEmptyLines(writer, emptyData string) map[string]deviation {
	return map[string]deviation{
		"empty data": {bug: emptyData, got: nil, skip: true},
		"trailing line end": {
			bug: writer + " drops the empty line after a final line end, so a trailing LF is lost",
			got: []received{{"message", "before an empty line", "12"}},
		},
		"only line ends": {
			bug: writer + " drops the empty line after a final line end (\"\\n\\n\" arrives as \"\\n\")",
			got: []received{{"message", "\n", "13"}},
		},
	}
}

func deviationOf(table map[peer]map[string]deviation, p peer, name string) *deviation {
	if d, ok := table[p][name]; ok {
		return &d
	}
	return nil
}

// TestOursServerWire checks that this package's server writes every case so that the
// standard's algorithm reads it back exactly.
func TestOursServerWire(t *testing.T) {
	srv := startOursCases(t)
	for i, ic := range interopCases {
		t.Run(ic.name, func(t *testing.T) {
			wire, err := readWire(caseURL(srv, i))
			if err != nil {
				t.Fatal(err)
			}
			if got := specDecode(wire); !slices.Equal(got, []received{ic.want}) {
				t.Errorf("wrote %q, which the standard reads as %v, want %v", wire, got, ic.want)
			}
		})
	}
}

// TestOursServerReadByPeers reads this package's server with go-sse's client,
// r3labs' client and Hertz's built-in Reader.
func TestOursServerReadByPeers(t *testing.T) {
	srv := startOursCases(t)
	hc := newTestHTTPClient(t)
	readers := []struct {
		peer peer
		read func(url string) ([]received, error)
	}{
		{peerGoSSE, readWithGoSSE(hc)},
		{peerR3labs, readWithR3labs(hc)},
		{peerHertz, readWithHertz(t)},
	}
	for _, r := range readers {
		t.Run(r.peer.key(), func(t *testing.T) {
			for i, ic := range interopCases {
				t.Run(ic.name, func(t *testing.T) {
					got, err := r.read(caseURL(srv, i))
					if err != nil {
						t.Fatal(err)
					}
					checkReceived(t, r.peer, ic, got, deviationOf(clientDeviations, r.peer, ic.name))
				})
			}
		})
	}
}

// TestPeerServersReadByOurs reads go-sse's server, Hertz's built-in Writer and
// r3labs' server with this package's Client. The Client must read exactly what the
// standard reads from the bytes each server wrote; whether those bytes carry the
// event the server was given is the server's business, checked against the standard
// too.
func TestPeerServersReadByOurs(t *testing.T) {
	goSSE := startGoSSECases(t)
	hertz := startHertzWriterCases(t)
	r3labs := startR3labsCases(t)
	servers := []struct {
		peer peer
		// serve runs read against the case's stream.
		serve func(i int, read func(url string) ([]received, error)) ([]received, error)
	}{
		{peerGoSSE, func(i int, read func(string) ([]received, error)) ([]received, error) {
			return read(caseURL(goSSE, i))
		}},
		{peerHertz, func(i int, read func(string) ([]received, error)) ([]received, error) {
			return read(caseURL(hertz, i))
		}},
		{peerR3labs, func(i int, read func(string) ([]received, error)) ([]received, error) {
			return r3labs.serve(interopCases[i], read)
		}},
	}
	for _, s := range servers {
		t.Run(s.peer.key(), func(t *testing.T) {
			for i, ic := range interopCases {
				t.Run(ic.name, func(t *testing.T) {
					var wire []byte
					standard, err := s.serve(i, func(url string) ([]received, error) {
						var err error
						wire, err = readWire(url)
						return specDecode(wire), err
					})
					if err != nil {
						t.Fatal(err)
					}
					got, err := s.serve(i, readWithOurs)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, standard) {
						t.Errorf("our client read %v from %q; the standard reads %v", got, wire, standard)
					}
					checkReceived(t, s.peer, ic, standard, deviationOf(serverDeviations, s.peer, ic.name))
				})
			}
		})
	}
}

// TestR3labsBase64ReadByOurs reads r3labs' server with EncodeBase64 on with this
// package's Client and WithEncodingBase64: the data arrives byte for byte, CR
// included, since base64 has no line ends. Base64 is not part of the standard: a
// browser's EventSource hands the base64 text to onmessage.
func TestR3labsBase64ReadByOurs(t *testing.T) {
	cases := startR3labsCases(t)
	cases.rs.EncodeBase64 = true
	data := []byte("a\rb\r\nc\n😀")
	ev := &r3.Event{ID: []byte("1"), Data: bytes.Clone(data)}
	var got []*sse.Event
	_, err := cases.serveEvent(ev, func(url string) ([]received, error) {
		return nil, sse.NewClient(url, sse.WithEncodingBase64()).Subscribe(func(e *sse.Event) { got = append(got, e) })
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !bytes.Equal(got[0].Data, data) || got[0].ID != "1" {
		t.Fatalf("received %v, want one event with ID 1 and data %q", got, data)
	}
	if !bytes.Equal(ev.Data, data) {
		t.Logf("r3labs deviation: with EncodeBase64, Server.Publish encodes the caller's Event.Data in place: it is now %q", ev.Data)
	}
}
