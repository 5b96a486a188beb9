// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultMaxRedirects is how many redirects a [Client] follows for one connection
// unless [WithMaxRedirects] says otherwise: 10, as net/http does.
const DefaultMaxRedirects = 10

// hop is one request on the way to the event stream: the first one, or one a
// redirect asked for.
type hop struct {
	url    string
	method string
	body   []byte
	// foreign marks a host other than the first request's (and not a subdomain of
	// it): credentials do not go there.
	foreign bool
}

// isRedirect reports whether status sends the client elsewhere, as browsers follow.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirect returns the hop that a response with status and Location location sends
// h to. 307 and 308 keep the method and the body; 301 and 302 turn a POST into a
// GET, and 303 turns anything but HEAD into a GET, without the body, as browsers do.
// first is the URL the subscription started from.
func (h hop) redirect(first string, status int, location string) (hop, error) {
	if location == "" {
		return hop{}, fmt.Errorf("%w: %d %s from %s has no Location", ErrBadRedirect, status, http.StatusText(status), h.url)
	}
	base, err := url.Parse(h.url)
	if err != nil {
		return hop{}, fmt.Errorf("%w: %s: %w", ErrBadRedirect, h.url, err)
	}
	ref, err := url.Parse(location)
	if err != nil {
		return hop{}, fmt.Errorf("%w: Location %q from %s: %w", ErrBadRedirect, location, h.url, err)
	}
	next := base.ResolveReference(ref)
	if next.Scheme != "http" && next.Scheme != "https" {
		return hop{}, fmt.Errorf("%w: Location %q from %s is not http or https", ErrBadRedirect, location, h.url)
	}
	to := hop{url: next.String(), method: h.method, body: h.body}
	switch {
	case status == http.StatusSeeOther && h.method != http.MethodHead,
		(status == http.StatusMovedPermanently || status == http.StatusFound) && h.method == http.MethodPost:
		to.method, to.body = http.MethodGet, nil
	}
	if start, err := url.Parse(first); err == nil {
		to.foreign = !sameOrSubdomain(next.Hostname(), start.Hostname())
	}
	return to, nil
}

// sameOrSubdomain reports whether host is parent or a subdomain of it, the test
// net/http applies before it sends credentials to a redirect's target.
func sameOrSubdomain(host, parent string) bool {
	host, parent = strings.ToLower(host), strings.ToLower(parent)
	return host == parent || strings.HasSuffix(host, "."+parent)
}

// isCredential reports whether a request header carries credentials, which are not
// sent to a foreign host.
func isCredential(name string) bool {
	return strings.EqualFold(name, "Authorization") || strings.EqualFold(name, "Cookie")
}
