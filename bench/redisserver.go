// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// errNoRedis is the reason of the Redis rows when redis-server is not installed.
var errNoRedis = errors.New("bench: redis-server is not on the PATH (apt-get install redis-server)")

// redisProcess is a redis-server of the workload's own: in memory, no persistence,
// on a loopback port.
type redisProcess struct {
	Addr   string
	dir    string
	cmd    *exec.Cmd
	exited chan struct{}
}

// startRedisServer runs a redis-server and returns once it answers PING.
func startRedisServer() (*redisProcess, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, errNoRedis
	}
	dir, err := os.MkdirTemp("", "sse-bench-redis-")
	if err != nil {
		return nil, err
	}
	// Redis cannot take port 0: pick a free one, and pick again if it was taken
	// before redis-server could bind it.
	for attempt := 1; attempt <= 5; attempt++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close()
		p := &redisProcess{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), dir: dir, exited: make(chan struct{})}
		p.cmd = exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
			"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
		if err := p.cmd.Start(); err != nil {
			return nil, fmt.Errorf("bench: start redis-server: %w", err)
		}
		go func() {
			_ = p.cmd.Wait()
			close(p.exited)
		}()
		if err := p.waitReady(); err == nil {
			return p, nil
		}
		p.kill()
	}
	_ = os.RemoveAll(dir)
	return nil, errors.New("bench: redis-server did not start after 5 attempts")
}

// waitReady waits until the server answers PING, for up to 10 seconds.
func (p *redisProcess) waitReady() error {
	c := goredis.NewClient(&goredis.Options{Addr: p.Addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.exited:
			return errors.New("bench: redis-server exited")
		case <-deadline:
			return fmt.Errorf("bench: redis-server did not answer PING: %w", err)
		case <-tick.C:
		}
	}
}

// client returns a go-redis client of the server with a pool of poolSize connections.
func (p *redisProcess) client(poolSize int) *goredis.Client {
	return goredis.NewClient(&goredis.Options{Addr: p.Addr, PoolSize: poolSize})
}

// stop kills the server and removes its directory.
func (p *redisProcess) stop() {
	p.kill()
	_ = os.RemoveAll(p.dir)
}

func (p *redisProcess) kill() {
	_ = p.cmd.Process.Kill()
	<-p.exited
}
