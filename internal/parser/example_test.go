// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser_test

import (
	"fmt"
	"strings"

	"github.com/hertz-contrib/sse/internal/parser"
)

func Example() {
	stream := "retry: 3000\n\nid: 1\nevent: greeting\ndata: hello\ndata: world\n\ndata: bye\n\n"
	p := parser.New(strings.NewReader(stream), 0)
	for {
		f, err := p.Next()
		if err != nil {
			fmt.Println(err)
			break
		}
		typ := string(f.Type)
		if typ == "" {
			typ = "message"
		}
		fmt.Printf("%s %q id=%q\n", typ, f.Data, p.LastEventID())
	}
	retry, _ := p.Retry()
	fmt.Println("retry", retry)
	// Output:
	// greeting "hello\nworld" id="1"
	// message "bye" id="1"
	// EOF
	// retry 3s
}
