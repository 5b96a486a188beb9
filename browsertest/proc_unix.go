// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build unix

package browsertest

import (
	"os/exec"
	"syscall"
)

// setProcessGroup starts cmd in a process group of its own, so that killGroup reaches
// the browser's helper processes (zygotes, renderers, GPU and network services) too.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// terminate asks the browser to shut down cleanly; it then ends its helpers itself.
func terminate(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
}

// killGroup kills every process left in the group that cmd leads.
func killGroup(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
