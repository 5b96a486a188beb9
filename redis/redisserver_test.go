// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package redis_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// redisServer is a redis-server process of the test's own, on a loopback port.
type redisServer struct {
	t    testing.TB
	bin  string
	dir  string
	args []string
	port int

	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd has been waited for
	log    *syncBuffer
}

// redisConfig says how to run a test's redis-server.
type redisConfig struct {
	// persistent turns the append-only file on, written at every command, so that a
	// killed server restarts with everything it had confirmed.
	persistent bool
	// args are more redis-server arguments, such as "--stream-node-max-entries", "1".
	args []string
}

// startRedis runs a redis-server for the test and stops it when the test ends. Without
// redis-server on the PATH the test is skipped, or fails when CI=true.
func startRedis(t testing.TB, cfg redisConfig) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server is not installed, and CI=true requires these tests: install it with `apt-get install redis-server` (%v)", err)
		}
		t.Skipf("redis-server is not installed; install it with `apt-get install redis-server` to run this test (%v)", err)
	}
	s := &redisServer{t: t, bin: bin, dir: t.TempDir()}
	s.args = []string{"--bind", "127.0.0.1", "--dir", s.dir, "--save", "", "--daemonize", "no", "--loglevel", "warning"}
	if cfg.persistent {
		s.args = append(s.args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		s.args = append(s.args, "--appendonly", "no")
	}
	s.args = append(s.args, cfg.args...)
	t.Cleanup(s.stop)

	// Redis cannot take port 0: pick a free port, and pick again if another process
	// took it before redis-server could.
	for attempt := 1; ; attempt++ {
		s.port = freePort(t)
		if s.start() {
			return s
		}
		if attempt == 5 {
			t.Fatalf("redis-server did not start after %d attempts; its last output:\n%s", attempt, s.log)
		}
	}
}

// freePort returns a free loopback port below the kernel's range of ephemeral ports,
// from which it picks the local port of every outgoing connection: while a test's
// redis-server is down, no connection on this machine can take its port, not even
// a client redialling it (a connection to a port nobody listens on can connect to
// itself), and restart finds the port free.
func freePort(t testing.TB) int {
	t.Helper()
	const lowest = 10000
	for range 100 {
		port := lowest + rand.IntN(ephemeralPorts()-lowest)
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err == nil {
			_ = ln.Close()
			return port
		}
	}
	t.Fatalf("no free port between %d and %d", lowest, ephemeralPorts())
	return 0
}

// ephemeralPorts returns the first ephemeral port: Linux's setting, or else 32768,
// below the ranges that other systems use.
func ephemeralPorts() int {
	const fallback = 32768
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return fallback
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return fallback
	}
	first, err := strconv.Atoi(fields[0])
	if err != nil || first <= 11000 {
		return fallback
	}
	return first
}

// start runs redis-server on s.port and waits until it answers PING. It reports
// false if the process exited first, as it does when the port is taken.
func (s *redisServer) start() bool {
	s.t.Helper()
	s.log = &syncBuffer{}
	s.cmd = exec.Command(s.bin, append([]string{"--port", strconv.Itoa(s.port)}, s.args...)...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	exited := make(chan struct{})
	s.exited = exited
	go func() {
		_ = s.cmd.Wait()
		close(exited)
	}()

	c := goredis.NewClient(&goredis.Options{Addr: s.Addr(), MaxRetries: -1, DialerRetries: 1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return true
		}
		select {
		case <-exited:
			return false
		case <-time.After(10 * time.Millisecond): // between two PINGs of a bounded wait
		}
	}
	s.t.Fatalf("redis-server on port %d did not answer PING within 10s; its output:\n%s", s.port, s.log)
	return false
}

// Addr returns the server's host:port.
func (s *redisServer) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// kill ends the server abruptly, as a crash would, and waits for the process.
func (s *redisServer) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// restart starts the server again on the same port, with the same directory.
func (s *redisServer) restart() {
	s.t.Helper()
	s.kill()
	if !s.start() {
		s.t.Fatalf("redis-server could not start again on port %d; its output:\n%s", s.port, s.log)
	}
}

func (s *redisServer) stop() { s.kill() }

// client returns a go-redis client of the server, closed when the test ends. It dials
// once per attempt, so that a server that is down fails a command quickly.
func (s *redisServer) client(t testing.TB) *goredis.Client {
	t.Helper()
	c := goredis.NewClient(&goredis.Options{Addr: s.Addr(), DialTimeout: time.Second, DialerRetries: 1})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// syncBuffer collects a process's output, safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
