#!/usr/bin/env bash
# Checks that README_CN.md carries the same code blocks as README.md, in the same
# order, byte for byte: the translation may say things its own way, never show other
# code. Prints the first difference and fails when they differ.
set -euo pipefail
cd "$(dirname "$0")/.."

blocks() { awk '/^```/ { inside = !inside; print; next } inside { print }' "$1"; }

if ! diff -u --label README.md --label README_CN.md <(blocks README.md) <(blocks README_CN.md); then
	echo "readme-code: the code blocks of README_CN.md differ from README.md's" >&2
	exit 1
fi
