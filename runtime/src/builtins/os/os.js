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
// ERR_SYSTEM_ERROR for a failed libuv call, as Node's SystemError.
function systemError(status, syscall) {
  const { stream } = binding;
  const code = stream.errName(status);
  const message = stream.errMessage(status);
  const e = internals.errors.codeError(Error, 'ERR_SYSTEM_ERROR', `A system error occurred: ${syscall} returned ${code} (${message})`);
  e.name = 'SystemError';
  Object.assign(e, { info: { errno: status, code, message, syscall }, errno: status, syscall });
  return e;
}
os.getPriority = (pid = 0) => {
  internals.errors.validateInt32(pid, 'pid');
  const [status, priority] = binding.priority(pid);
  if (status < 0) throw systemError(status, 'uv_os_getpriority');
  return priority;
};
os.setPriority = (pid, priority) => {
  if (priority === undefined) [pid, priority] = [0, pid];
  internals.errors.validateInt32(pid, 'pid');
  internals.errors.validateInt32(priority, 'priority', -20, 19);
  const [status] = binding.priority(pid, priority);
  if (status < 0) throw systemError(status, 'uv_os_setpriority');
};
module.exports = os;
