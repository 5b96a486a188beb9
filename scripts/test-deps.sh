#!/usr/bin/env bash
# Installs what the tests need and the machine lacks: redis-server for the Redis
# backend, Chromium for the browser tests. Both come from Debian's packages.
set -euo pipefail

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "test-deps: missing ${need[*]} and no apt-get to install them" >&2
	exit 0 # the tests that need them fail (under CI=true) or skip, and say why
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "test-deps: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
