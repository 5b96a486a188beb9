// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package browsertest

import "os/exec"

// setProcessGroup does nothing where there are no process groups.
func setProcessGroup(*exec.Cmd) {}

// terminate kills the browser: there is no portable polite signal.
func terminate(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

// killGroup kills the browser's main process.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
