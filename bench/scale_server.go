// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/cloudwego/hertz/pkg/common/hlog"
	"github.com/cloudwego/netpoll"
)

// runScaleServer is the server process: it starts lib's fan-out server, says
// "listening <addr> <path>", and answers the commands on in:
//
//	mem            → "mem <heap+stack bytes> <resident bytes> <goroutines>"
//	publish warm   → publishes a warm-up event, then "published"
//	publish tick   → publishes a timed event carrying the time it is sent, then "published"
//
// A closed stdin stops the server and ends the process.
func runScaleServer(lib library, netpollBuffer int, in io.Reader, out io.Writer) error {
	if _, err := raiseFileLimit(); err != nil {
		return err
	}
	hlog.SetLevel(hlog.LevelError)
	if netpollBuffer > 0 {
		// Before any connection: both are read when a connection's buffers are made.
		if err := netpoll.Configure(netpoll.Config{BufferSize: netpollBuffer}); err != nil {
			return err
		}
		netpoll.LinkBufferCap = netpollBuffer
	}
	start, ok := fanoutStarters[lib]
	if !ok {
		return fmt.Errorf("no server for %q", lib)
	}
	srv, err := start(false)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Fprintf(out, "listening %s %s\nnote %s\n", srv.addr, srv.path, srv.note)
	seq := 0
	commands := bufio.NewScanner(in)
	for commands.Scan() {
		switch cmd := commands.Text(); cmd {
		case "mem":
			m := measureProcess()
			fmt.Fprintf(out, "mem %d %d %d\n", m.inuse, m.resident, m.goroutines)
		case "publish warm", "publish tick":
			seq++
			data := warmData
			if cmd == "publish tick" {
				data = tickData(time.Now().UnixNano())
			}
			if err := srv.publish(strconv.Itoa(seq), data); err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			fmt.Fprintln(out, "published")
		default:
			return fmt.Errorf("unknown command %q", cmd)
		}
	}
	return nil
}

// processMemory is what the server process reports about itself.
type processMemory struct {
	inuse      uint64 // HeapInuse + StackInuse after two collections
	resident   uint64 // resident set size, once freed memory is returned to the system
	goroutines int
}

func measureProcess() processMemory {
	s := serverMemory()
	debug.FreeOSMemory()
	return processMemory{inuse: s.inuse, resident: residentBytes(), goroutines: s.goroutines}
}

// residentBytes reads the resident set size from /proc/self/statm (0 where there is
// none).
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(b))
	if len(fields) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}

// scaleServer is the running server process, seen from the process that drives it.
type scaleServer struct {
	*child
	addr, path string
	note       string // how the library's server is set up
}

// startScaleServer starts this binary again as lib's server process and waits until
// it listens.
func startScaleServer(lib library, netpollBuffer int) (*scaleServer, error) {
	c, err := startChild("server process", roleEnv+"="+roleScaleServer, libraryEnv+"="+string(lib),
		netpollEnv+"="+strconv.Itoa(netpollBuffer), "GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, err
	}
	s := &scaleServer{child: c}
	line, err := s.expect("listening", time.Minute)
	if err == nil {
		if _, err = fmt.Sscanf(line, "listening %s %s", &s.addr, &s.path); err != nil {
			err = fmt.Errorf("bench: server process said %q", line)
		}
	}
	if err == nil {
		line, err = s.expect("note ", time.Minute)
		s.note = strings.TrimPrefix(line, "note ")
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *scaleServer) memory() (processMemory, error) {
	line, err := s.do("mem", "mem")
	if err != nil {
		return processMemory{}, err
	}
	var m processMemory
	if _, err := fmt.Sscanf(line, "mem %d %d %d", &m.inuse, &m.resident, &m.goroutines); err != nil {
		return m, fmt.Errorf("bench: server process said %q", line)
	}
	return m, nil
}
