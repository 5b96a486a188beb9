// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
)

// httpServer is a net/http server on a loopback port chosen by the kernel, for the
// peers built on net/http.
type httpServer struct {
	srv      *http.Server
	done     chan struct{}
	handlers sync.WaitGroup
	// Addr is host:port; URL is "http://" + Addr.
	Addr, URL string
}

// startHTTP serves h. Requests are accepted as soon as it returns: the listener
// exists, and Serve, which runs in its own goroutine, answers what is queued.
func startHTTP(h http.Handler) (*httpServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: listen: %w", err)
	}
	s := &httpServer{done: make(chan struct{}), Addr: ln.Addr().String()}
	s.URL = "http://" + s.Addr
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.handlers.Add(1)
			defer s.handlers.Done()
			h.ServeHTTP(w, r)
		}),
		// go-sse answers a subscription that ends at shutdown with http.Error on a
		// response already under way, which net/http would log.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// Close closes the listener and every connection at once, and waits for Serve and
// for every handler to return; a handler still running sees its request's context
// cancelled.
func (s *httpServer) Close() {
	_ = s.srv.Close()
	<-s.done
	s.handlers.Wait()
}

// newHTTPClient returns a client with a transport of its own, so that closing it
// leaves no idle connection behind. Call the returned func when done.
func newHTTPClient() (*http.Client, func()) {
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	return &http.Client{Transport: tr}, tr.CloseIdleConnections
}
