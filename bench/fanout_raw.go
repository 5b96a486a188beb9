// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"net"
	"strconv"
	"sync"
)

// rawBroadcaster is the fan-out ceiling: plain TCP, a request head read and ignored,
// events encoded once per broadcast, and each subscriber's goroutine writing all its
// queued events as one chunk with one system call. A full queue drops the event.
type rawBroadcaster struct {
	ln     net.Listener
	mu     sync.Mutex
	subs   map[*rawSubscriber]struct{}
	closed bool
	wg     sync.WaitGroup
	// With replay set, every published event is kept in history, and a subscriber
	// whose Last-Event-ID is n first gets history[n:]: the IDs must be 1, 2, 3...
	replay  bool
	history [][]byte
}

type rawSubscriber struct {
	conn net.Conn
	ch   chan []byte
}

// startRawFanout is the ceiling; with replay, the history is kept pre-encoded and
// written to a reconnecting subscriber with one writev.
func startRawFanout(replay bool) (*fanoutServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &rawBroadcaster{ln: ln, subs: map[*rawSubscriber]struct{}{}, replay: replay}
	b.wg.Add(1)
	go b.accept()
	note := "encode once, 64-event queue per subscriber, one write per wake-up"
	if replay {
		note = "pre-encoded history, one writev"
	}
	return &fanoutServer{
		addr: b.ln.Addr().String(), path: "/events",
		publish: func(id string, data []byte) error {
			b.publish(appendTick(nil, id, data))
			return nil
		},
		stop: b.close,
		note: note,
	}, nil
}

func (b *rawBroadcaster) accept() {
	defer b.wg.Done()
	for {
		conn, err := b.ln.Accept()
		if err != nil {
			return
		}
		b.wg.Add(1)
		go b.serve(conn)
	}
}

func (b *rawBroadcaster) serve(conn net.Conn) {
	defer b.wg.Done()
	defer conn.Close()
	lastID, err := readRequestHead(bufio.NewReader(conn))
	if err != nil {
		return
	}
	if _, err := conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n")); err != nil {
		return
	}
	s := &rawSubscriber{conn: conn, ch: make(chan []byte, subscriberQueue)}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	// Under the lock, so that nothing is published between replay and registration.
	first := b.missed(lastID)
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	defer b.remove(s)
	if len(first) > 0 && writeChunk(conn, first) != nil {
		return
	}
	var batch [][]byte
	for msg := range s.ch {
		batch = append(batch[:0], msg)
	more:
		for {
			select {
			case m, ok := <-s.ch:
				if !ok {
					break more
				}
				batch = append(batch, m)
			default:
				break more
			}
		}
		if writeChunk(conn, batch) != nil {
			return
		}
	}
}

// missed returns the held events after lastID. b.mu must be held.
func (b *rawBroadcaster) missed(lastID string) [][]byte {
	if !b.replay || lastID == "" {
		return nil
	}
	n, err := strconv.Atoi(lastID)
	if err != nil || n < 0 || n > len(b.history) {
		return nil
	}
	return b.history[n:len(b.history):len(b.history)]
}

// readRequestHead reads a request head and returns its Last-Event-ID.
func readRequestHead(br *bufio.Reader) (string, error) {
	lastID := ""
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return "", err
		}
		if len(line) <= 2 {
			return lastID, nil
		}
		const h = "Last-Event-ID:"
		if len(line) > len(h) && string(line[:len(h)]) == h {
			lastID = string(trimSpaceCRLF(line[len(h):]))
		}
	}
}

func trimSpaceCRLF(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

// writeChunk writes msgs as one HTTP chunk with one system call.
func writeChunk(conn net.Conn, msgs [][]byte) error {
	size := 0
	for _, m := range msgs {
		size += len(m)
	}
	head := strconv.AppendInt(make([]byte, 0, 12), int64(size), 16)
	head = append(head, '\r', '\n')
	bufs := make(net.Buffers, 0, len(msgs)+2)
	bufs = append(bufs, head)
	bufs = append(bufs, msgs...)
	bufs = append(bufs, []byte("\r\n"))
	_, err := bufs.WriteTo(conn)
	return err
}

func (b *rawBroadcaster) publish(wire []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.replay {
		b.history = append(b.history, wire)
	}
	for s := range b.subs {
		select {
		case s.ch <- wire:
		default:
		}
	}
}

func (b *rawBroadcaster) remove(s *rawSubscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, s)
}

// close ends every stream and waits for every goroutine.
func (b *rawBroadcaster) close() {
	_ = b.ln.Close()
	b.mu.Lock()
	b.closed = true
	for s := range b.subs {
		close(s.ch)
		delete(b.subs, s)
	}
	b.mu.Unlock()
	b.wg.Wait()
}
