// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

// Package parser is an incremental decoder for Server-Sent Events streams.
//
// It implements the "Interpreting an event stream" algorithm of the WHATWG
// HTML standard
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
//
//   - one UTF-8 byte order mark at the very start of the stream is skipped;
//   - lines end in CRLF, LF or a lone CR, also when a CRLF pair is split
//     between two reads;
//   - an empty line dispatches the pending event, a line starting with a
//     colon is a comment, and any other line is a field;
//   - "data", "event", "id" and "retry" are interpreted exactly as the
//     standard says, and every other field is ignored;
//   - an event that is not terminated by an empty line before the end of
//     the stream, including a final line without a line terminator, is
//     discarded.
//
// The decoder works on bytes and does not decode UTF-8: values are passed
// through unchanged, so invalid sequences are not replaced with U+FFFD.
// Every byte the algorithm looks at (CR, LF, colon, space, NUL, the byte
// order mark and the ASCII field names) is matched exactly as after
// decoding, so the events are those of the standard apart from that
// replacement.
//
// A line terminated by a lone CR is complete as soon as the CR is read; if
// the next byte turns out to be LF it is skipped. An event terminated with
// CR line ends is therefore delivered without waiting for more input.
//
// A retry value is accepted only if it is non-empty, consists of ASCII
// digits only and the resulting number of milliseconds fits in a
// time.Duration; larger values are ignored like any other invalid value.
//
// Parser.Next does not allocate in steady state: the slices in Fields are
// views into the parser's buffers and stay valid only until the next call
// to Next. Memory use is bounded by the maximum size given to New.
package parser
