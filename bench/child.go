// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// The fan-out and scale workloads run parts of themselves in processes of their own:
// this binary started again with roleEnv set. Ten thousand subscribers and ten
// thousand server connections would not fit one process's file limit, and a server's
// memory is then measured without its clients; the scale workload's server process
// is measured from nothing, with netpoll's process-wide buffer sizes its own.
const (
	roleEnv         = "SSE_BENCH_ROLE"
	roleSubscribers = "fanout-subscribers"
	roleScaleServer = "scale-server"
	addrEnv         = "SSE_BENCH_ADDR"
	pathEnv         = "SSE_BENCH_PATH"
	countEnv        = "SSE_BENCH_SUBSCRIBERS"
	libraryEnv      = "SSE_BENCH_LIBRARY"
	netpollEnv      = "SSE_BENCH_NETPOLL_BUFFER"
)

// maybeRunChild turns this process into the fan-out workload's subscriber
// process, or into the scale workload's server process, if it was started as one,
// and then exits instead of returning. Call it first thing in main and in TestMain of
// any binary that runs runFanout or runScale.
func maybeRunChild() {
	var err error
	switch os.Getenv(roleEnv) {
	case roleSubscribers:
		var n int
		if n, err = strconv.Atoi(os.Getenv(countEnv)); err == nil {
			err = runSubscriberProcess(os.Getenv(addrEnv), os.Getenv(pathEnv), n, os.Stdin, os.Stdout)
		}
	case roleScaleServer:
		var buffer int
		if buffer, err = strconv.Atoi(os.Getenv(netpollEnv)); err == nil {
			err = runScaleServer(library(os.Getenv(libraryEnv)), buffer, os.Stdin, os.Stdout)
		}
	default:
		return
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench %s: %v\n", os.Getenv(roleEnv), err)
		os.Exit(1)
	}
	os.Exit(0)
}

// child is this binary running in another role, seen from the process that started
// it: commands go to its stdin, its answers come a line at a time from its stdout,
// and closing its stdin ends it.
type child struct {
	name  string // for errors: "subscriber process", "server process"
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
	done  chan struct{} // closed once the process has exited; err is then set
	err   error
}

// startChild starts this binary again with env added to its environment.
func startChild(name string, env ...string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: find own binary: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start %s: %w", name, err)
	}
	c := &child{name: name, cmd: cmd, stdin: stdin, lines: make(chan string, 4), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer close(c.lines)
		s := bufio.NewScanner(stdout)
		s.Buffer(nil, 1<<20)
		for s.Scan() {
			c.lines <- s.Text()
		}
		c.err = cmd.Wait()
	}()
	return c, nil
}

// expect waits for the next line, which must start with prefix.
func (c *child) expect(prefix string, timeout time.Duration) (string, error) {
	select {
	case line, ok := <-c.lines:
		if !ok {
			return "", c.exitError()
		}
		if !strings.HasPrefix(line, prefix) {
			return "", fmt.Errorf("bench: %s said %q, want %s", c.name, line, prefix)
		}
		return line, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("bench: no %q from the %s after %v", prefix, c.name, timeout)
	}
}

// do sends cmd and returns the answer, which must start with want.
func (c *child) do(cmd, want string) (string, error) {
	if _, err := fmt.Fprintln(c.stdin, cmd); err != nil {
		return "", fmt.Errorf("bench: %s: %w", c.name, err)
	}
	return c.expect(want, 2*time.Minute)
}

func (c *child) exitError() error {
	<-c.done
	return fmt.Errorf("bench: %s ended early: %v", c.name, c.err)
}

// stop closes the process's stdin, which ends it, and waits for it.
func (c *child) stop() {
	go func() {
		for range c.lines {
			// Nobody waits for these any more.
		}
	}()
	_ = c.stdin.Close()
	select {
	case <-c.done:
	case <-time.After(time.Minute):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}
