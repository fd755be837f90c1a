#!/usr/bin/env bash
# Installs a pinned package set (package-lock.json) into a cache outside the
# source tree and prints the node_modules path: the addon acceptance set
# (this folder), or with an argument the set in that subfolder (`net`: ws
# and its addons; `native`: C/C++ addons with prebuilds). Idempotent: a
# stamp of the lockfile skips the install when nothing changed. The cache
# is named by the set and its lockfile's hash, so checkouts with different
# locks never reinstall a set under each other's running tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${NABI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nabi}/packages"
if [ "$#" -gt 0 ]; then
  here="$here/$1"
  cache="$cache-$1"
fi
cache="$cache-$(sha256sum "$here/package-lock.json" | cut -c1-16)"
mkdir -p "$cache"
# Test binaries run side by side: one install per set at a time (the others
# wait, then find the stamp).
exec 9>"$cache.lock"
flock 9
if ! cmp -s "$here/package-lock.json" "$cache/.nabi-lock" 2>/dev/null || [ ! -d "$cache/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  # A set's npm settings (native/: no install scripts) go along.
  if [ -f "$here/.npmrc" ]; then cp "$here/.npmrc" "$cache/"; else rm -f "$cache/.npmrc"; fi
  (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$here/package-lock.json" "$cache/.nabi-lock"
fi
echo "$cache/node_modules"
