// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"testing"
	"time"

	"github.com/cloudwego/hertz/pkg/common/test/assert"

	"github.com/hertz-contrib/sse/internal/parser"
)

// specCase is one stream and everything the parser must report for it.
// Names cite the rule of "Interpreting an event stream" being exercised.
type specCase struct {
	name     string
	in       string
	maxSize  int // 0 means the default
	events   []event
	err      string // "" means errKindEOF
	lastID   string
	retry    time.Duration
	hasRetry bool
}

func (c specCase) want() result {
	err := c.err
	if err == "" {
		err = errKindEOF
	}
	return result{Events: c.events, Err: err, LastID: c.lastID, Retry: c.retry, HasRetry: c.hasRetry}
}

func (c specCase) limit() int {
	if c.maxSize <= 0 {
		return parser.DefaultMaxSize
	}
	return c.maxSize
}

func data(d string) event { return event{Data: d} }

const bomStr = "\xEF\xBB\xBF"

var specCases = []specCase{
	// "The stream must then be parsed by reading everything line by line"; the empty stream has no lines.
	{name: "empty stream", in: ""},

	// "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
	{name: "BOM/leading BOM ignored", in: bomStr + "data: a\n\n", events: []event{data("a")}},
	{name: "BOM/only one BOM ignored", in: bomStr + bomStr + "data: a\n\n"},
	{name: "BOM/only BOM", in: bomStr},
	{name: "BOM/BOM then blank line", in: bomStr + "\ndata: a\n\n", events: []event{data("a")}},
	{name: "BOM/not at start is kept in a field name", in: "data: a\n\n" + bomStr + "data: b\n\n", events: []event{data("a")}},
	{name: "BOM/not at start is kept in a value", in: "data: " + bomStr + "x\n\n", events: []event{data(bomStr + "x")}},
	{name: "BOM/partial BOM is not ignored", in: "\xEF\xBBdata: a\n\n"},
	{name: "BOM/partial BOM at EOF", in: "\xEF\xBB"},

	// "Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character pair,
	// a single U+000A LINE FEED (LF) character, or a single U+000D CARRIAGE RETURN (CR) character."
	{name: "end of line/LF", in: "data: a\n\n", events: []event{data("a")}},
	{name: "end of line/CRLF", in: "data: a\r\n\r\n", events: []event{data("a")}},
	{name: "end of line/lone CR", in: "data: a\r\r", events: []event{data("a")}},
	{name: "end of line/mixed", in: "data: a\r\ndata: b\rdata: c\n\r\n", events: []event{data("a\nb\nc")}},
	{name: "end of line/CR then CRLF is two line ends", in: "data: a\r\r\n", events: []event{data("a")}},
	{name: "end of line/LF then CR is two line ends", in: "data: a\n\rdata: b\n\n", events: []event{data("a"), data("b")}},
	{name: "end of line/CRLF pairs repeated", in: "data: a\r\n\r\ndata: b\r\n\r\n", events: []event{data("a"), data("b")}},
	{name: "end of line/CR at EOF ends the line", in: "data: a\r\n\r", events: []event{data("a")}},
	{name: "end of line/CRCR LF", in: "data: a\r\r\ndata: b\r\r\n", events: []event{data("a"), data("b")}},
	{name: "end of line/LFLF after CR", in: "data: a\r\n\n", events: []event{data("a")}},

	// "If the line is empty (a blank line): Dispatch the event."
	{name: "dispatch/blank lines only", in: "\n\n\r\n\r"},
	{name: "dispatch/several events", in: "data: 1\n\ndata: 2\n\ndata: 3\n\n", events: []event{data("1"), data("2"), data("3")}},
	// "If the data buffer is an empty string, set the data buffer and the event type buffer to the empty string and return."
	{name: "dispatch/event-only block dispatches nothing", in: "event: a\n\n"},
	{name: "dispatch/type reset without dispatch", in: "event: a\n\ndata: y\n\n", events: []event{data("y")}},
	// "Set the data buffer and the event type buffer to the empty string" after dispatch.
	{name: "dispatch/type reset after dispatch", in: "event: a\ndata: x\n\ndata: y\n\n", events: []event{{Type: "a", Data: "x"}, data("y")}},
	// "If the data buffer's last character is a U+000A LINE FEED (LF) character, then remove the last character."
	{name: "dispatch/only one trailing LF removed", in: "data: a\ndata:\n\n", events: []event{data("a\n")}},
	// "Once the end of the file is reached, any pending data must be discarded."
	{name: "dispatch/unfinished event at EOF discarded", in: "data: a\n\ndata: b\n", events: []event{data("a")}},
	{name: "dispatch/trailing line without terminator discarded", in: "data: a\n\ndata: b", events: []event{data("a")}},
	{name: "dispatch/trailing blank-looking data without terminator", in: "data: a\n\ndata: b\n\ndata:", events: []event{data("a"), data("b")}},

	// "If the line starts with a U+003A COLON character (:): Ignore the line."
	{name: "comment/ignored", in: ": comment\ndata: a\n\n", events: []event{data("a")}},
	{name: "comment/colon only", in: ":\ndata: a\n\n", events: []event{data("a")}},
	{name: "comment/block of comments dispatches nothing", in: ": hi\n: there\n\n"},
	{name: "comment/between data lines", in: "data: a\n: c\ndata: b\n\n", events: []event{data("a\nb")}},
	{name: "comment/that looks like a field", in: ":data: a\n\n"},

	// "If the line contains a U+003A COLON character (:) ... If value starts with a U+0020 SPACE character, remove it from value."
	{name: "field/one leading space removed", in: "data: a\n\n", events: []event{data("a")}},
	{name: "field/only one space removed", in: "data:  a\n\n", events: []event{data(" a")}},
	{name: "field/no space", in: "data:a\n\n", events: []event{data("a")}},
	{name: "field/trailing space kept", in: "data: a \n\n", events: []event{data("a ")}},
	{name: "field/tab is not a space", in: "data:\ta\n\n", events: []event{data("\ta")}},
	{name: "field/value after the first colon may contain colons", in: "data: a:b: c\n\n", events: []event{data("a:b: c")}},
	{name: "field/space before colon is part of the name", in: "data : a\n\n"},
	{name: "field/space before the name", in: " data: a\n\n"},
	// "Otherwise, the string is not empty but does not contain a U+003A COLON character (:): ... the empty string as the field value."
	{name: "field/no colon is an empty value", in: "data\n\n", events: []event{data("")}},
	{name: "field/no colon twice", in: "data\ndata\n\n", events: []event{data("\n")}},
	// "Otherwise: The field is ignored."
	{name: "field/unknown fields ignored", in: "foo: bar\ndata: a\nbaz\n\n", events: []event{data("a")}},
	// Field names are compared case-sensitively ("If the field name is "data"").
	{name: "field/Data is not data", in: "Data: a\n\n"},
	{name: "field/DATA is not data", in: "DATA: a\n\n"},
	{name: "field/Event is not event", in: "Event: x\ndata: a\n\n", events: []event{data("a")}},
	{name: "field/ID is not id", in: "ID: 1\ndata: a\n\n", events: []event{data("a")}},
	{name: "field/Retry is not retry", in: "Retry: 1\ndata: a\n\n", events: []event{data("a")}},

	// "If the field name is "data": Append the field value to the data buffer, then append a single U+000A LINE FEED (LF)."
	{name: "data/empty value dispatches empty data", in: "data:\n\n", events: []event{data("")}},
	{name: "data/empty then x", in: "data:\ndata:x\n\n", events: []event{data("\nx")}},
	{name: "data/multiple lines joined with LF", in: "data: a\ndata: b\ndata: c\n\n", events: []event{data("a\nb\nc")}},
	{name: "data/NUL passes through", in: "data: a\x00b\n\n", events: []event{data("a\x00b")}},
	{name: "data/invalid UTF-8 passes through", in: "data: \xff\xfe\n\n", events: []event{data("\xff\xfe")}},
	{name: "data/spec example, empty and newline", in: "data\n\ndata\ndata\n\ndata:", events: []event{data(""), data("\n")}},
	{name: "data/spec example, space optional", in: "data:test\n\ndata: test\n\n", events: []event{data("test"), data("test")}},
	{
		name:   "data/spec example, three messages",
		in:     "data: This is the first message.\n\ndata: This is the second message, it\ndata: has two lines.\n\ndata: This is the third message.\n\n",
		events: []event{data("This is the first message."), data("This is the second message, it\nhas two lines."), data("This is the third message.")},
	},

	// "If the field name is "event": Set the event type buffer to the field value."
	{name: "event/sets type", in: "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\n", events: []event{{Type: "add", Data: "73857293"}, {Type: "remove", Data: "2153"}}},
	{name: "event/last event field wins", in: "event: a\nevent: b\ndata: x\n\n", events: []event{{Type: "b", Data: "x"}}},
	{name: "event/empty value sets empty type", in: "event: a\nevent\ndata: x\n\n", events: []event{data("x")}},
	{name: "event/after data", in: "data: x\nevent: e\n\n", events: []event{{Type: "e", Data: "x"}}},

	// "If the field name is "id": If the field value does not contain U+0000 NULL, then set the last event ID buffer to the field value."
	{name: "id/sets last event ID", in: "id: 1\ndata: a\n\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}}, lastID: "1"},
	{name: "id/persists across events", in: "id: 1\ndata: a\n\ndata: b\n\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}, {Data: "b", LastID: "1"}}, lastID: "1"},
	{name: "id/with NUL ignored and does not reset", in: "id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}, {Data: "b", LastID: "1"}}, lastID: "1"},
	{name: "id/with NUL after a valid id in the block", in: "id: 1\nid: \x00\ndata: a\n\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}}, lastID: "1"},
	{name: "id/empty value resets", in: "id: 1\ndata: a\n\nid\ndata: b\n\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}, {HasID: true, Data: "b"}}},
	{name: "id/empty value after colon resets", in: "id: 1\ndata: a\n\nid:\ndata: b\n\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}, {HasID: true, Data: "b"}}},
	{name: "id/last id field in block wins", in: "id: 1\nid: 2\ndata: a\n\n", events: []event{{ID: "2", HasID: true, Data: "a", LastID: "2"}}, lastID: "2"},
	{name: "id/only one space removed", in: "id:  5\ndata: a\n\n", events: []event{{ID: " 5", HasID: true, Data: "a", LastID: " 5"}}, lastID: " 5"},
	// "Set the last event ID string of the event source to the value of the last event ID buffer" happens before the empty-data check.
	{name: "id/updated by a block with no data", in: "id: 7\n\n", lastID: "7"},
	{name: "id/updated by an event-only block", in: "id: 7\nevent: x\n\n", lastID: "7"},
	{name: "id/reset by a block with no data", in: "id: 7\n\nid\n\n"},
	{name: "id/in an unfinished block is not committed", in: "id: 1\ndata: a\n\nid: 2\ndata: b\n", events: []event{{ID: "1", HasID: true, Data: "a", LastID: "1"}}, lastID: "1"},

	// "If the field name is "retry": If the field value consists of only ASCII digits, then interpret the field value as
	// an integer in base ten, and set the event stream's reconnection time to that integer. Otherwise, ignore the field."
	{name: "retry/digits", in: "retry: 1500\ndata: a\n\n", events: []event{{Data: "a", Retry: 1500 * time.Millisecond, HasRetry: true}}, retry: 1500 * time.Millisecond, hasRetry: true},
	{name: "retry/zero", in: "retry: 0\n\n", retry: 0, hasRetry: true},
	{name: "retry/leading zeros", in: "retry: 007\n\n", retry: 7 * time.Millisecond, hasRetry: true},
	{name: "retry/negative ignored", in: "retry: -5\ndata: a\n\n", events: []event{data("a")}},
	{name: "retry/plus sign ignored", in: "retry: +5\ndata: a\n\n", events: []event{data("a")}},
	{name: "retry/trailing letter ignored", in: "retry: 10a\ndata: a\n\n", events: []event{data("a")}},
	{name: "retry/decimal ignored", in: "retry: 1.5\n\n"},
	{name: "retry/trailing space ignored", in: "retry: 10 \n\n"},
	{name: "retry/second space ignored", in: "retry:  10\n\n"},
	{name: "retry/empty value ignored", in: "retry:\ndata: a\n\n", events: []event{data("a")}},
	{name: "retry/no colon ignored", in: "retry\n\n"},
	{name: "retry/largest duration accepted", in: "retry: 9223372036854\n\n", retry: 9223372036854 * time.Millisecond, hasRetry: true},
	{name: "retry/too large for a duration ignored", in: "retry: 9223372036855\n\n"},
	{name: "retry/huge ignored", in: "retry: 99999999999999999999999999999\n\n"},
	{name: "retry/huge does not clobber earlier value", in: "retry: 5\nretry: 99999999999999999999999\ndata: a\n\n", events: []event{{Data: "a", Retry: 5 * time.Millisecond, HasRetry: true}}, retry: 5 * time.Millisecond, hasRetry: true},
	{name: "retry/only block dispatches nothing but is applied", in: "retry: 3000\n\n", retry: 3 * time.Second, hasRetry: true},
	{name: "retry/applied in an unfinished block", in: "retry: 3000\n", retry: 3 * time.Second, hasRetry: true},
	{name: "retry/not applied from an unterminated line", in: "retry: 3000"},
	{name: "retry/reported only for its own block", in: "retry: 1\ndata: a\n\ndata: b\n\n", events: []event{{Data: "a", Retry: time.Millisecond, HasRetry: true}, data("b")}, retry: time.Millisecond, hasRetry: true},
	{name: "retry/last valid in block wins", in: "retry: 1\nretry: 2\nretry: x\ndata: a\n\n", events: []event{{Data: "a", Retry: 2 * time.Millisecond, HasRetry: true}}, retry: 2 * time.Millisecond, hasRetry: true},

	// Everything at once.
	{
		name:     "all fields",
		in:       bomStr + ": hello\r\nid: 42\r\nevent: update\r\nretry: 250\r\ndata: {\"a\":1}\r\ndata: {\"b\":2}\r\n\r\n",
		events:   []event{{ID: "42", HasID: true, Type: "update", Data: "{\"a\":1}\n{\"b\":2}", Retry: 250 * time.Millisecond, HasRetry: true, LastID: "42"}},
		lastID:   "42",
		retry:    250 * time.Millisecond,
		hasRetry: true,
	},

	// The parser's size limit: one line, and one event's data.
	{name: "limit/line of exactly maxSize", maxSize: 8, in: "data: ab\n\n", events: []event{data("ab")}},
	{name: "limit/line longer than maxSize", maxSize: 8, in: "data: a\n\ndata: abc\n\n", events: []event{data("a")}, err: errKindTooLarge},
	{name: "limit/unterminated line longer than maxSize", maxSize: 8, in: "data: a\n\ndata: abc", events: []event{data("a")}, err: errKindTooLarge},
	{name: "limit/comment longer than maxSize", maxSize: 8, in: ":123456789\n\n", err: errKindTooLarge},
	{name: "limit/BOM not counted", maxSize: 8, in: bomStr + "data: ab\n\n", events: []event{data("ab")}},
	{name: "limit/terminator not counted", maxSize: 8, in: "data: ab\r\n\r\n", events: []event{data("ab")}},
	{name: "limit/data of exactly maxSize", maxSize: 11, in: "data: 12345\ndata: 12345\n\n", events: []event{data("12345\n12345")}},
	{name: "limit/data longer than maxSize", maxSize: 11, in: "data: a\n\ndata: 1234\ndata: 1234\ndata: 12\n\n", events: []event{data("a")}, err: errKindTooLarge},
	{name: "limit/many empty data lines", maxSize: 10, in: "data\ndata\ndata\ndata\ndata\ndata\ndata\ndata\ndata\ndata\ndata\ndata\n\n", err: errKindTooLarge},
	{name: "limit/applies per event", maxSize: 10, in: "data: 1234\ndata: 1234\n\ndata: 1234\ndata: 1234\n\n", events: []event{data("1234\n1234"), data("1234\n1234")}},
	{name: "limit/retry before the error is kept", maxSize: 10, in: "retry: 9\n:0123456789\n", err: errKindTooLarge, retry: 9 * time.Millisecond, hasRetry: true},
}

func TestSpec(t *testing.T) {
	for _, c := range specCases {
		t.Run(c.name, func(t *testing.T) {
			want := c.want()
			// The reference must agree with the expectation, so that the
			// fuzz test compares against a trusted oracle.
			if ref := reference([]byte(c.in), c.limit()); !equal(want, ref) {
				t.Fatalf("reference: got %+v, want %+v", ref, want)
			}
			checkAllReaders(t, []byte(c.in), c.maxSize, want)
		})
	}
}

func TestTypeDefaultsToEmpty(t *testing.T) {
	p := parser.New(chunks([]byte("data: a\n\n")), 0)
	f, err := p.Next()
	assert.Nil(t, err)
	assert.DeepEqual(t, 0, len(f.Type))
	assert.Assert(t, f.ID == nil)
	assert.False(t, f.HasID)
}
