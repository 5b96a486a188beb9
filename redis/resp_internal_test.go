// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis

import (
	"errors"
	"testing"

	"github.com/cloudwego/hertz/pkg/common/test/assert"
)

func TestParseXRead(t *testing.T) {
	const entryOne = "*2\r\n$3\r\n1-0\r\n*10\r\n$5\r\ntopic\r\n$1\r\na\r\n$5\r\nevent\r\n$4\r\nnews\r\n" +
		"$4\r\ndata\r\n$4\r\nx\r\ny\r\n$5\r\nretry\r\n$4\r\n1500\r\n$4\r\nprev\r\n$3\r\n0-0\r\n"
	const entryTwo = "*2\r\n$3\r\n2-0\r\n*4\r\n$4\r\ndata\r\n$0\r\n\r\n$5\r\nother\r\n$1\r\nz\r\n"
	one := entry{id: "1-0", topic: "a", event: "news", data: []byte("x\r\ny"), retry: "1500", prev: "0-0"}
	two := entry{id: "2-0", data: []byte{}}
	cases := []struct {
		name  string
		reply string
		want  []entry
		err   bool
	}{
		{"RESP3 map", "%1\r\n$1\r\ns\r\n*2\r\n" + entryOne + entryTwo, []entry{one, two}, false},
		{"RESP2 array", "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n" + entryOne + entryTwo, []entry{one, two}, false},
		{"RESP3 null: the block time passed", "_\r\n", nil, false},
		{"RESP2 null", "*-1\r\n", nil, false},
		{"an entry without fields", "%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n3-0\r\n*-1\r\n", []entry{{id: "3-0"}}, false},
		{"an error", "-ERR wrong type\r\n", nil, true},
		{"a blob error", "!9\r\nERR wrong\r\n", nil, true},
		{"cut short", "%1\r\n$1\r\ns\r\n*2\r\n" + entryOne, nil, true},
		{"a bulk longer than the reply", "%1\r\n$9\r\ns\r\n", nil, true},
		{"no line end", "%1", nil, true},
		{"not a stream reply", "+OK\r\n", nil, true},
		{"two streams", "%2\r\n", nil, true},
		{"a bad length", "%1\r\n$x\r\ns\r\n*0\r\n", nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseXRead(nil, []byte(tc.reply), tc.reply)
			if tc.err {
				assert.NotNil(t, err)
				return
			}
			assert.Nil(t, err)
			if len(tc.want) == 0 {
				assert.DeepEqual(t, 0, len(got))
				return
			}
			assert.DeepEqual(t, tc.want, got)
		})
	}
	_, err := parseXRead(nil, []byte("-ERR x\r\n"), "-ERR x\r\n")
	assert.Assert(t, !errors.Is(err, errReply) && err.Error() == "sse/redis: XREAD: ERR x", err)
}

func TestParseRecord(t *testing.T) {
	cases := []struct {
		name string
		rec  string
		want commitRecord
		err  bool
	}{
		{"stored", "7 1-0 1-1", commitRecord{ids: []string{"1-0", "1-1"}}, false},
		{"stopped by an error", "7 1-0|OOM command not allowed", commitRecord{ids: []string{"1-0"}, failure: "OOM command not allowed"}, false},
		{"nothing stored", "7|WRONGTYPE", commitRecord{failure: "WRONGTYPE"}, false},
		{"fenced", "7|given up after: timeout", commitRecord{failure: "given up after: timeout"}, false},
		{"another batch's", "8 1-0", commitRecord{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseRecord(tc.rec, 7)
			assert.DeepEqual(t, tc.err, err != nil)
			assert.DeepEqual(t, tc.want, got)
		})
	}
}

// FuzzParseXRead: no reply, however malformed, makes the parser panic or read out
// of bounds.
func FuzzParseXRead(f *testing.F) {
	f.Add("%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$4\r\ndata\r\n$1\r\nx\r\n")
	f.Add("*1\r\n*2\r\n$1\r\ns\r\n*0\r\n")
	f.Add("!3\r\nERR\r\n")
	f.Fuzz(func(t *testing.T, reply string) {
		entries, err := parseXRead(nil, []byte(reply), reply)
		if err == nil {
			for _, e := range entries {
				if len(e.id) > len(reply) || len(e.data) > len(reply) {
					t.Fatalf("entry larger than the reply: %+v", e)
				}
			}
		}
	})
}
