// node:os — facts about this machine, read from the kernel.
'use strict';

const { binding } = internals;
const fs = () => internals.requireBuiltin('fs');

function readProc(name) {
  try {
    return fs().readFileSync(name, 'utf8');
  } catch {
    return '';
  }
}

function meminfo(key) {
  const m = readProc('/proc/meminfo').match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'));
  return m ? Number(m[1]) * 1024 : 0;
}

const os = {
  EOL: '\n',
  devNull: '/dev/null',
  platform: () => process.platform,
  arch: () => process.arch,
  type: () => binding.uname()[0],
  release: () => binding.uname()[2],
  version: () => binding.uname()[3],
  machine: () => binding.uname()[4],
  hostname: () => binding.uname()[1],
  endianness: () => 'LE',
  homedir: () => process.env.HOME || '/',
  tmpdir: () => {
    const t = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
    return t.length > 1 && t.endsWith('/') ? t.slice(0, -1) : t;
  },
  totalmem: () => meminfo('MemTotal'),
  freemem: () => meminfo('MemAvailable'),
  availableParallelism: () => os.cpus().length || 1,
  uptime: () => Number(readProc('/proc/uptime').split(' ')[0]) || 0,
  loadavg: () => readProc('/proc/loadavg').split(' ').slice(0, 3).map(Number),
  cpus: () => {
    const text = readProc('/proc/cpuinfo');
    const cpus = [];
    for (const block of text.split('\n\n')) {
      if (!/^processor/m.test(block)) continue;
      const model = (block.match(/^model name\s*:\s*(.*)$/m) || [])[1] || 'unknown';
      const speed = Math.round(Number((block.match(/^cpu MHz\s*:\s*(.*)$/m) || [])[1]) || 0);
      cpus.push({ model, speed, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } });
    }
    return cpus;
  },
  networkInterfaces: () => ({}),
  userInfo: () => ({
    uid: -1,
    gid: -1,
    username: process.env.USER || process.env.LOGNAME || '',
    homedir: os.homedir(),
    shell: process.env.SHELL || null,
  }),
  constants: { signals: { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }, errno: {} },
};
module.exports = os;
