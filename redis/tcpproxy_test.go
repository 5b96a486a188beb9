// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// tcpProxy forwards loopback connections to a Redis server, and can cut every
// connection it carries at once, as a network failure between an instance and Redis
// would: whatever was in flight is lost in either direction. It can also cut the
// connection of chosen commands while they are in flight.
type tcpProxy struct {
	t      testing.TB
	ln     net.Listener
	target string

	mu    sync.Mutex
	links map[*link]struct{}
	cuts  int              // of every connection, by cut
	marks map[string]*mark // what the commands to cut contain
	wg    sync.WaitGroup
}

// link is one connection through the proxy: from the client, and on to Redis.
type link struct {
	down, up net.Conn
	lose     *mark // under the proxy's lock: the next reply from Redis is lost, counted in this mark
}

// mark is a command for the proxy to cut.
type mark struct {
	how     verdict
	dropped int // replies lost: how often Redis ran it
}

// startProxy forwards to target until the test ends.
func startProxy(t testing.TB, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{t: t, ln: ln, target: target, links: map[*link]struct{}{}, marks: map[string]*mark{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *tcpProxy) accept() {
	defer p.wg.Done()
	for {
		down, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = down.Close()
			continue
		}
		l := &link{down: down, up: up}
		p.mu.Lock()
		p.links[l] = struct{}{}
		p.mu.Unlock()
		p.wg.Add(2)
		go p.requests(l)
		go p.replies(l)
	}
}

// requests copies what the client sends to Redis until either side fails, and cuts
// the link of a command that a mark names.
func (p *tcpProxy) requests(l *link) {
	p.pump(l, l.down, l.up, func(chunk []byte) bool {
		// A reply to lose is forwarded: Redis runs the command, replies drops its answer.
		return p.verdict(l, chunk) != loseRequest
	})
}

// replies copies what Redis answers to the client until either side fails, or the
// link is to lose a reply.
func (p *tcpProxy) replies(l *link) {
	p.pump(l, l.up, l.down, func([]byte) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		if l.lose != nil {
			l.lose.dropped++
			return false
		}
		return true
	})
}

// pump copies from src to dst, one read at a time, until either side fails or pass
// refuses a chunk, and then drops l.
func (p *tcpProxy) pump(l *link, src io.Reader, dst io.Writer, pass func(chunk []byte) bool) {
	defer p.wg.Done()
	defer p.drop(l)
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !pass(buf[:n]) {
				return
			}
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

type verdict uint8

const (
	forward     verdict = iota
	loseRequest         // cut before Redis sees the command
	loseReply           // cut once Redis has run it, before its reply reaches the client
)

// verdict says what becomes of the request bytes chunk on l.
func (p *tcpProxy) verdict(l *link, chunk []byte) verdict {
	p.mu.Lock()
	defer p.mu.Unlock()
	for what, m := range p.marks {
		if bytes.Contains(chunk, []byte(what)) {
			if m.how == loseReply {
				l.lose = m
			}
			return m.how
		}
	}
	return forward
}

// drop closes both sides of l.
func (p *tcpProxy) drop(l *link) {
	_ = l.down.Close()
	_ = l.up.Close()
	p.mu.Lock()
	delete(p.links, l)
	p.mu.Unlock()
}

// cut closes every connection the proxy carries; new ones are accepted as before.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for l := range p.links {
		_ = l.down.Close()
		_ = l.up.Close()
	}
	p.cuts++
}

// cutCommands makes the proxy cut the connection of every command whose bytes
// contain what, whichever connection carries it and however often it is sent, as
// how says, until release is called; release returns how many of the replies to
// those commands were lost, which says how often Redis ran one.
func (p *tcpProxy) cutCommands(what []byte, how verdict) (release func() (dropped int)) {
	m := &mark{how: how}
	p.mu.Lock()
	p.marks[string(what)] = m
	p.mu.Unlock()
	return func() int {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.marks, string(what))
		return m.dropped
	}
}

func (p *tcpProxy) close() {
	_ = p.ln.Close()
	p.cut()
	p.wg.Wait()
}

// Addr returns the address clients dial.
func (p *tcpProxy) Addr() string { return p.ln.Addr().String() }

// client returns a go-redis client that reaches Redis through the proxy, with
// go-redis's own retries on, as in production, and short timeouts, so that a cut
// connection fails a command quickly.
func (p *tcpProxy) client(t testing.TB) *goredis.Client {
	t.Helper()
	c := goredis.NewClient(&goredis.Options{
		Addr: p.Addr(), DialTimeout: time.Second, ReadTimeout: time.Second, WriteTimeout: time.Second,
		MinRetryBackoff: time.Millisecond, MaxRetryBackoff: 5 * time.Millisecond,
	})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// respArgs returns args as they follow one another in a command on the wire (RESP
// bulk strings): a mark for cutCommands.
func respArgs(args ...any) []byte {
	var b []byte
	for _, a := range args {
		s := fmt.Sprint(a)
		b = fmt.Appendf(b, "$%d\r\n%s\r\n", len(s), s)
	}
	return b
}

// isNetError reports whether err is a failure to reach Redis rather than a reply.
func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
