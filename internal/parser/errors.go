// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"bufio"
	"errors"
	"strconv"
)

// ErrTooLarge reports that a line, or the data of one event, is longer
// than the parser's maximum size. Next returns an error that wraps
// ErrTooLarge and names the limit; for that error both
// errors.Is(err, ErrTooLarge) and errors.Is(err, bufio.ErrTooLong) hold.
var ErrTooLarge error = tooLargeError{}

// errInvalidRead reports a reader that returned an impossible byte count.
var errInvalidRead = errors.New("sse: reader returned an invalid byte count")

type tooLargeError struct{}

func (tooLargeError) Error() string { return "sse: line or event data too large" }

// Is makes ErrTooLarge match bufio.ErrTooLong.
func (tooLargeError) Is(target error) bool { return target == bufio.ErrTooLong }

// limitError is the error Next returns when the size limit is exceeded.
type limitError struct{ limit int }

func (e *limitError) Error() string {
	return "sse: line or event data exceeds the limit of " + strconv.Itoa(e.limit) + " bytes"
}

func (e *limitError) Unwrap() error { return ErrTooLarge }
