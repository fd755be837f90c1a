#!/usr/bin/env bash
# Installs what building and testing nabi needs on a fresh machine. Idempotent:
# each step checks first and does nothing when its part is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

need_apt=()
# libuv-sys2 generates its bindings with bindgen, which loads libclang.
dpkg -s libclang-dev >/dev/null 2>&1 || need_apt+=(libclang-dev)
# nabi-prebuild runs arm64 artifacts in Node for arm64 under qemu with the
# aarch64 glibc, and its link probes on the musl loaders (x86-64 and arm64,
# the latter from Debian's arm64 architecture) and the armhf glibc.
for p in qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libc6-armhf-cross "musl:$(dpkg --print-architecture)" musl:arm64; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if ((${#need_apt[@]})); then
  echo "setup: installing Debian packages: ${need_apt[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  dpkg --print-foreign-architectures | grep -qx arm64 || $sudo_cmd dpkg --add-architecture arm64
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Node-API headers for the C fixtures, pinned by fixtures/package-lock.json.
stamp="$root/fixtures/node_modules/.nabi-lock"
if ! cmp -s "$root/fixtures/package-lock.json" "$stamp" 2>/dev/null; then
  echo "setup: installing fixtures/node_modules from package-lock.json" >&2
  (cd "$root/fixtures" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$root/fixtures/package-lock.json" "$stamp"
fi

# nabi-prebuild builds Rust addons for these targets in its tests (both musl
# targets, macOS and Windows on x64 and arm64; the gnu one is the host's).
# Other targets are added on demand with `nabi-prebuild build --install-targets`.
if command -v rustup >/dev/null 2>&1; then
  installed="$(rustup target list --installed)"
  for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl \
    x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-gnu aarch64-pc-windows-gnullvm; do
    grep -qx "$t" <<<"$installed" || { echo "setup: rustup target add $t" >&2; rustup target add "$t" >&2; }
  done
fi
