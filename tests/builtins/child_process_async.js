// child_process' asynchronous API: spawn (stdio pipes both ways, exit
// codes, signals, ENOENT, env/cwd/shell/argv0, stdio 'inherit'/'ignore',
// timeout, AbortSignal, unref), exec and execFile (callback shape, errors,
// encoding, maxBuffer, timeout, util.promisify), and process.stdin in a
// child (lib/stdin_child.js) fed through a pipe.
'use strict';
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const crypto = require('crypto');
const { log, scenario, runAll } = require('./lib/stream_harness');

const errFields = (e) => {
  const o = {};
  for (const k of Object.keys(e)) o[k] = e[k];
  o.name = e.name;
  o.message = e.message;
  return o;
};

// The events of a child, in order, with their arguments.
function record(child, events = ['spawn', 'exit', 'close', 'error']) {
  const seen = [];
  for (const ev of events) {
    child.on(ev, (...args) => seen.push(ev === 'error' ? `error:${args[0].code}` : [ev, ...args].join(':')));
  }
  return seen;
}

function collect(stream) {
  const chunks = [];
  if (stream) stream.on('data', (d) => chunks.push(typeof d === 'string' ? Buffer.from(d) : d));
  return () => Buffer.concat(chunks).toString();
}

console.log(typeof cp.spawn, typeof cp.exec, typeof cp.execFile, typeof cp.ChildProcess,
  typeof util.promisify.custom, typeof cp.exec[util.promisify.custom], typeof cp.execFile[util.promisify.custom]);

scenario('spawn cat: stdin to stdout and back', (done) => {
  const c = cp.spawn('cat');
  log('pid', typeof c.pid, c.pid > 0, 'connected', c.connected, 'killed', c.killed, c.exitCode, c.signalCode);
  log('spawnfile', c.spawnfile, 'spawnargs', c.spawnargs);
  log('stdio', c.stdio.length, c.stdio[0] === c.stdin, c.stdio[1] === c.stdout, c.stdio[2] === c.stderr);
  log('stdin', c.stdin.constructor.name, c.stdin.readable, c.stdin.writable);
  log('stdout', c.stdout.constructor.name, c.stdout.readable);
  log('keys', Object.keys(c).filter((k) => !k.startsWith('_')));
  const seen = record(c);
  let ended = false;
  const out = collect(c.stdout);
  c.stdout.on('end', () => {
    ended = true;
  });
  c.stdin.on('finish', () => log('stdin finish'));
  c.stdin.write('hello ');
  c.stdin.write(Buffer.from('from '));
  c.stdin.end('the parent\n');
  c.on('close', (code, signal) => {
    log('events', seen);
    log('close', code, signal, 'stdout ended first', ended, JSON.stringify(out()));
    log('after', c.exitCode, c.signalCode, c.killed, 'kill now', c.kill());
    done();
  });
});

scenario('a megabyte through cat', (done) => {
  const c = cp.spawn('cat');
  const data = crypto.randomBytes(1024 * 1024);
  const chunks = [];
  c.stdout.on('data', (d) => chunks.push(d));
  let ok = true;
  for (let i = 0; i < data.length; i += 64 * 1024) ok = c.stdin.write(data.subarray(i, i + 64 * 1024)) && ok;
  log('write returned true for all', ok);
  c.stdin.end();
  c.on('close', (code) => {
    const back = Buffer.concat(chunks);
    log('code', code, 'same bytes', back.length, back.equals(data));
    done();
  });
});

scenario('exit codes', (done) => {
  const c = cp.spawn('sh', ['-c', 'exit 3']);
  const seen = record(c);
  c.on('close', () => {
    log(seen, c.exitCode, c.signalCode);
    const d = cp.spawn('true');
    d.on('exit', (code, signal) => log('true exits', code, signal));
    d.on('close', () => done());
  });
});

scenario('signals', (done) => {
  const c = cp.spawn('sleep', ['10']);
  const seen = record(c);
  c.on('spawn', () => {
    log('kill()', c.kill(), 'killed', c.killed);
  });
  c.on('close', (code, signal) => {
    log(seen, code, signal, c.exitCode, c.signalCode);
    log('kill after the end', c.kill());
    for (const bad of ['SIGFOO', 999, 'foo']) {
      try {
        c.kill(bad);
      } catch (e) {
        log('kill', bad, e.name, e.code, e.message);
      }
    }
    const d = cp.spawn('sleep', ['10']);
    d.on('spawn', () => log('kill sigkill lower case', d.kill('sigkill')));
    d.on('exit', (code, signal) => {
      log('d exit', code, signal);
      const e = cp.spawn('sh', ['-c', 'kill -USR1 $$; sleep 1']);
      e.on('exit', (code, signal) => log('self-signalled', code, signal));
      e.on('close', () => {
        const f = cp.spawn('sleep', ['10']);
        f.on('spawn', () => log('kill(9)', f.kill(9)));
        f.on('close', (code, signal) => {
          log('f close', code, signal);
          done();
        });
      });
    });
  });
});

scenario('ENOENT', (done) => {
  const c = cp.spawn('nabi-no-such-command', ['a', 'b']);
  log('pid', c.pid, 'stdio', c.stdio.length, !!c.stdin, !!c.stdout);
  const seen = record(c);
  c.on('error', (e) => log('error', errFields(e), e instanceof Error));
  c.on('close', (code, signal) => {
    log(seen, code, signal, c.exitCode, c.signalCode);
    done();
  });
});

scenario('ENOENT with stdio ignore, and a missing cwd', (done) => {
  const c = cp.spawn('nabi-no-such-command', { stdio: 'ignore' });
  const seen = record(c);
  c.on('close', () => {
    log(seen);
    const d = cp.spawn('sh', ['-c', 'true'], { cwd: '/nabi/no/such/dir' });
    d.on('error', (e) => log('cwd error', e.code, e.syscall, e.path));
    d.on('close', (code) => {
      log('d close', code);
      done();
    });
  });
});

scenario('env, cwd, shell, argv0', (done) => {
  const tmp = fs.realpathSync(os.tmpdir());
  const c = cp.spawn('sh', ['-c', 'echo "$FOO|$BAR|$HOME_X"; pwd'], { env: { FOO: 'foo', BAR: 42, PATH: process.env.PATH }, cwd: os.tmpdir() });
  const out = collect(c.stdout);
  c.on('close', (code) => {
    const [vars, cwd] = out().trim().split('\n');
    log('env', vars, 'cwd is tmp', fs.realpathSync(cwd) === tmp, code);
    const d = cp.spawn('echo "$NABI_T" | tr a-z A-Z', { shell: true, env: { ...process.env, NABI_T: 'shell' } });
    const dout = collect(d.stdout);
    log('shell spawnargs', d.spawnfile, d.spawnargs);
    d.on('close', () => {
      log('shell', JSON.stringify(dout()));
      const e = cp.spawn('sh', ['-c', 'echo $0'], { argv0: 'custom-zero' });
      const eout = collect(e.stdout);
      log('argv0 spawnargs', e.spawnargs);
      e.on('close', () => {
        log('argv0', JSON.stringify(eout()));
        const f = cp.spawn('echo', ['$HOME'], { shell: '/bin/sh', env: { HOME: '/home/x' } });
        const fout = collect(f.stdout);
        f.on('close', () => {
          log('shell path', JSON.stringify(fout()), f.spawnargs);
          done();
        });
      });
    });
  });
});

scenario('an executable without #! runs through /bin/sh', (done) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-cp-'));
  const script = path.join(dir, 'plain-script');
  fs.writeFileSync(script, 'echo "script: $1 $2"\n', { mode: 0o755 });
  const c = cp.spawn(script, ['one', 'two']);
  const out = collect(c.stdout);
  c.on('close', (code) => {
    log('by path', code, JSON.stringify(out()), c.spawnargs.length);
    cp.execFile('plain-script', ['x'], { env: { PATH: `${dir}:${process.env.PATH}` } }, (err, stdout) => {
      log('through PATH', err, JSON.stringify(stdout));
      fs.rmSync(dir, { recursive: true, force: true });
      done();
    });
  });
});

scenario('stdio inherit and ignore', (done) => {
  const c = cp.spawn('sh', ['-c', 'echo to-inherited-stdout; echo to-ignored-stderr >&2'], { stdio: ['ignore', 'inherit', 'ignore'] });
  log('stdio', c.stdio, c.stdin, c.stdout, c.stderr);
  c.on('close', (code) => {
    log('inherit close', code);
    const d = cp.spawn('sh', ['-c', 'echo out; echo err >&2'], { stdio: ['pipe', 'pipe', 1] });
    const out = collect(d.stdout);
    log('mixed stdio', !!d.stdin, !!d.stdout, d.stderr);
    d.on('close', () => {
      log('mixed', JSON.stringify(out()));
      const e = cp.spawn('sh', ['-c', 'echo all inherited'], { stdio: 'inherit' });
      e.on('close', (code) => {
        log('inherit all', code, e.stdio);
        done();
      });
    });
  });
});

scenario('setEncoding on a child\'s stdout', (done) => {
  const c = cp.spawn('printf', ['h\\303\\251llo']);
  c.stdout.setEncoding('utf8');
  const parts = [];
  c.stdout.on('data', (d) => parts.push(typeof d));
  c.stdout.on('data', (d) => parts.push(d));
  c.on('close', () => {
    log(parts);
    done();
  });
});

scenario('piping between children', (done) => {
  const a = cp.spawn('printf', ['one\\ntwo\\nthree\\n']);
  const b = cp.spawn('sort', ['-r']);
  a.stdout.pipe(b.stdin);
  const out = collect(b.stdout);
  b.on('close', (code) => {
    log('pipe()', code, JSON.stringify(out()));
    // A child's stdout as the stdin of another: the parent stops reading it.
    const x = cp.spawn('printf', ['b\\na\\n']);
    const y = cp.spawn('sort', [], { stdio: [x.stdout, 'pipe', 'pipe'] });
    log('handed over', y.stdin, x.stdout.isPaused());
    const yout = collect(y.stdout);
    y.on('close', (code) => {
      log('as stdio', code, JSON.stringify(yout()), x.stdout.readableLength);
      done();
    });
  });
});

scenario('exec', (done) => {
  const c = cp.exec("printf 'b\\na\\nc\\n' | sort | tr a-z A-Z", (err, stdout, stderr) => {
    log('pipes', err, JSON.stringify(stdout), JSON.stringify(stderr));
    cp.exec('echo out; echo err >&2; exit 2', (err, stdout, stderr) => {
      log('failed', errFields(err), JSON.stringify(stdout), JSON.stringify(stderr));
      cp.exec('echo $0', { shell: '/bin/sh' }, (err, stdout) => {
        log('shell option', err, JSON.stringify(stdout));
        cp.exec('pwd', { cwd: '/' }, (err, stdout) => {
          log('cwd', err, JSON.stringify(stdout));
          cp.exec('printf "\\377\\001"', { encoding: 'buffer' }, (err, stdout, stderr) => {
            log('buffer', Buffer.isBuffer(stdout), [...stdout], Buffer.isBuffer(stderr), stderr.length);
            cp.exec("printf 'caf\\303\\251'", { encoding: 'latin1' }, (err, stdout) => {
              log('latin1', JSON.stringify(stdout));
              done();
            });
          });
        });
      });
    });
  });
  log('exec returns', c.constructor.name, c instanceof cp.ChildProcess, typeof c.pid);
});

scenario('execFile', (done) => {
  cp.execFile('echo', ['a', 'b c'], (err, stdout, stderr) => {
    log('echo', err, JSON.stringify(stdout), JSON.stringify(stderr));
    cp.execFile('nabi-no-such-command', ['x', 'y'], (err, stdout, stderr) => {
      log('ENOENT', errFields(err), JSON.stringify(stdout), JSON.stringify(stderr));
      cp.execFile('sh', ['-c', 'echo $1-$2', 'zero', 'one', 'two'], { encoding: 'buffer' }, (err, stdout) => {
        log('buffer', err, Buffer.isBuffer(stdout), JSON.stringify(stdout.toString()));
        cp.execFile('sh', { env: { X: 'no args' } }, (err) => {
          log('options without args', err);
          const c = cp.execFile('sh', ['-c', 'echo $X'], { env: { X: 'env' } }, (err, stdout) => {
            log('env', err, JSON.stringify(stdout));
            done();
          });
          log('returns a ChildProcess', c instanceof cp.ChildProcess);
        }).stdin.end('exit 0\n');
      });
    });
  });
});

scenario('maxBuffer', (done) => {
  cp.exec('yes | head -c 5000', { maxBuffer: 100 }, (err, stdout, stderr) => {
    log('stdout', errFields(err), err instanceof RangeError, stdout.length, JSON.stringify(stdout.slice(0, 6)), JSON.stringify(stderr));
    cp.exec('yes e | head -c 3000 >&2', { maxBuffer: 10, encoding: 'buffer' }, (err, stdout, stderr) => {
      log('stderr', err.code, err.message, Buffer.isBuffer(stderr), stderr.length, stdout.length);
      cp.exec('echo exactly', { maxBuffer: 8 }, (err, stdout) => {
        log('at the limit', err, JSON.stringify(stdout));
        cp.exec('yes | head -c 100000', { maxBuffer: Infinity }, (err, stdout) => {
          log('Infinity', err, stdout.length);
          done();
        });
      });
    });
  });
});

scenario('timeouts', (done) => {
  const start = Date.now();
  cp.exec('sleep 5', { timeout: 100 }, (err, stdout, stderr) => {
    log('exec timeout', errFields(err), JSON.stringify(stdout), JSON.stringify(stderr), 'quick', Date.now() - start < 4000);
    cp.execFile('sleep', ['5'], { timeout: 50, killSignal: 'SIGKILL' }, (err) => {
      log('killSignal', err.killed, err.signal, err.code, err.cmd);
      const c = cp.spawn('sleep', ['5'], { timeout: 50 });
      c.on('exit', (code, signal) => {
        log('spawn timeout', code, signal, c.killed);
        const d = cp.spawn('sleep', ['5'], { timeout: 50, killSignal: 'SIGINT' });
        d.on('exit', (code, signal) => {
          log('spawn timeout SIGINT', code, signal);
          const e = cp.spawn('true', { timeout: 5000 });
          e.on('close', (code) => {
            log('finished before the timeout', code, 'quick', Date.now() - start < 4000);
            done();
          });
        });
      });
    });
  });
});

scenario('AbortSignal', (done) => {
  const ac = new AbortController();
  const c = cp.spawn('sleep', ['10'], { signal: ac.signal });
  const seen = record(c);
  c.on('error', (e) => log('error', e.name, e.code, e.message, e.cause === ac.signal.reason));
  c.on('spawn', () => ac.abort());
  c.on('close', (code, signal) => {
    log(seen, code, signal);
    const d = cp.spawn('sleep', ['10'], { signal: AbortSignal.abort() });
    d.on('error', (e) => log('aborted before', e.name));
    d.on('exit', (code, signal) => {
      log('d exit', code, signal);
      const ac2 = new AbortController();
      cp.exec('sleep 10', { signal: ac2.signal }, (err) => {
        log('exec aborted', err.name, err.code);
        done();
      });
      setTimeout(() => ac2.abort(), 20);
    });
  });
});

scenario('util.promisify', async (done) => {
  const execP = util.promisify(cp.exec);
  const execFileP = util.promisify(cp.execFile);
  const p = execP('echo promised; echo e >&2');
  log('child', p.child instanceof cp.ChildProcess);
  log('exec', await p);
  log('execFile', await execFileP('echo', ['x', 'y']));
  log('buffer', await execFileP('printf', ['ab'], { encoding: 'buffer' }).then((r) => [Buffer.isBuffer(r.stdout), r.stdout.toString()]));
  try {
    await execP('echo partial; exit 4');
  } catch (e) {
    log('rejected', errFields(e));
  }
  try {
    await execFileP('nabi-no-such-command');
  } catch (e) {
    log('rejected ENOENT', e.code, e.syscall, e.cmd, JSON.stringify(e.stdout));
  }
  done();
});

scenario('argument errors', (done) => {
  const tries = [
    () => cp.spawn(''),
    () => cp.spawn(1),
    () => cp.spawn('echo', 'x'),
    () => cp.spawn('echo', [], 'x'),
    () => cp.spawn('echo', [], { stdio: 'foo' }),
    () => cp.spawn('echo', [], { stdio: 5 }),
    () => cp.spawn('echo', [], { timeout: -1 }),
    () => cp.spawn('echo', [], { killSignal: 'SIGNOPE' }),
    () => cp.spawn('echo', [], { detached: 'yes' }),
    () => cp.spawn('echo', [], { shell: 1 }),
    () => cp.spawn('echo', [], { signal: {} }),
    () => cp.spawn('echo', [], { cwd: 5 }),
    () => cp.spawn('ec\0ho'),
    () => cp.exec(5),
    () => cp.execFile('echo', [], { maxBuffer: -1 }),
    () => cp.execFile('echo', [], 'x'),
    () => cp.execFile('echo', [], {}, 'x'),
  ];
  for (const t of tries) {
    try {
      t();
      log('no error');
    } catch (e) {
      log(e.name, e.code, e.message);
    }
  }
  done();
});

scenario('detached and unref: the parent does not wait', (done) => {
  const start = Date.now();
  const script = "const c = require('child_process').spawn('sleep', ['10'], { stdio: 'ignore', detached: true });" +
    "c.unref(); console.log('unref', typeof c.pid); process.on('exit', () => c.kill('SIGKILL'));";
  const c = cp.spawn(process.execPath, ['-e', script]);
  const out = collect(c.stdout);
  c.on('close', (code) => {
    log('parent exited', code, JSON.stringify(out()), 'quick', Date.now() - start < 5000);
    const d = cp.spawn('sleep', ['0.1']);
    d.unref();
    d.ref();
    d.on('close', (code) => {
      log('ref again: waited', code);
      done();
    });
  });
});

// process.stdin, seen by lib/stdin_child.js under the same runtime.
const stdinChild = path.join(__dirname, 'lib', 'stdin_child.js');
function stdinCase(mode, feed, check) {
  scenario(`process.stdin: ${mode}`, (done) => {
    const start = Date.now();
    const c = cp.spawn(process.execPath, [stdinChild, mode]);
    const out = collect(c.stdout);
    const err = collect(c.stderr);
    c.stdin.on('error', (e) => log('stdin error', e.code));
    feed(c);
    c.on('close', (code, signal) => {
      log(code, signal);
      for (const line of out().split('\n')) if (line) log('|', line);
      if (err()) log('stderr', err());
      if (check) check(Date.now() - start);
      done();
    });
  });
}
stdinCase('data', (c) => {
  c.stdin.write('first line\n');
  setTimeout(() => c.stdin.end('second line\n'), 20);
});
stdinCase('data', (c) => c.stdin.end(Buffer.alloc(200000, 'x')));
stdinCase('data', (c) => c.stdin.end());
stdinCase('encoding', (c) => c.stdin.end('h\u00e9llo \u{1f600}\n'));
stdinCase('iterate', (c) => {
  for (let i = 0; i < 50; i++) c.stdin.write(Buffer.alloc(1000, i));
  c.stdin.end();
});
stdinCase('pipe', (c) => c.stdin.end('piped through\n'));
stdinCase('readable', (c) => c.stdin.end('read() in readable\n'));
// Nothing ends the child's stdin in these two: it must exit on its own.
stdinCase('untouched', () => {}, (ms) => log('quick', ms < 5000));
stdinCase('pause', (c) => c.stdin.write('one\ntwo\n'), (ms) => log('quick', ms < 5000));
// A conversation: each line is written once the answer to the last came.
stdinCase('lines', (c) => {
  let text = '';
  let sent = 1;
  c.stdout.on('data', (d) => {
    text += d;
    if (sent === 1 && text.includes('echo:FIRST\n')) {
      sent++;
      c.stdin.write('second\n');
    } else if (sent === 2 && text.includes('echo:SECOND\n')) {
      sent++;
      c.stdin.write('quit\n');
    }
  });
  c.stdin.write('first\n');
});

runAll();
