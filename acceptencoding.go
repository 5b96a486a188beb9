// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import "strings"

// acceptsGzip reports whether the values of a request's Accept-Encoding fields let the
// response be gzip-coded, by RFC 9110, section 12.5.3.
//
// Each listed coding has a weight, its q parameter (1 when absent); "x-gzip" counts
// as gzip and "*" stands for every coding not listed. gzip is chosen when its weight
// is above zero and identity, the uncoded body, is not given a higher one, by name or
// by "*" (as in "gzip;q=0.5, identity"): "gzip;q=0", "br", an empty field or no field
// at all mean a plain stream. A coding listed more than once takes its lowest weight,
// so that a client that refuses gzip anywhere is never sent it; an element whose
// weight is malformed is ignored.
func acceptsGzip(values [][]byte) bool {
	const unlisted = -1
	gzipQ, identityQ, anyQ := unlisted, unlisted, unlisted
	lowest := func(q *int, w int) {
		if *q == unlisted || w < *q {
			*q = w
		}
	}
	for _, v := range values {
		for element := range strings.SplitSeq(string(v), ",") {
			coding, w, ok := parseCodingElement(element)
			if !ok {
				continue
			}
			switch {
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				lowest(&gzipQ, w)
			case strings.EqualFold(coding, "identity"):
				lowest(&identityQ, w)
			case coding == "*":
				lowest(&anyQ, w)
			}
		}
	}
	if gzipQ == unlisted {
		gzipQ = max(anyQ, 0)
	}
	if identityQ == unlisted {
		identityQ = anyQ // still unlisted without "*": it does not compete
	}
	return gzipQ > 0 && gzipQ >= identityQ
}

// parseCodingElement splits one element of Accept-Encoding, such as "gzip;q=0.8",
// into its coding and its weight in thousandths. ok is false for an empty element or
// a malformed weight.
func parseCodingElement(element string) (coding string, weight int, ok bool) {
	coding, params, _ := strings.Cut(element, ";")
	coding = strings.TrimSpace(coding)
	if coding == "" {
		return "", 0, false
	}
	weight = 1000
	for param := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(param, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		if weight, ok = parseQValue(strings.TrimSpace(value)); !ok {
			return "", 0, false
		}
	}
	return coding, weight, true
}

// parseQValue parses a weight, "0" to "1" with at most three decimals (RFC 9110,
// section 12.4.2), into thousandths.
func parseQValue(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) != 1 || len(frac) > 3 {
		return 0, false
	}
	q := int(whole[0]-'0') * 1000
	scale := 100
	for i := 0; i < len(frac); i++ {
		d := frac[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		q += int(d-'0') * scale
		scale /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}
