// child_process.fork and its IPC channel: send/'message' both ways,
// disconnect from either side, 'json' and 'advanced' serialization, the
// child's process.send/connected/disconnect, exit with the channel open,
// and Node's argument errors.
'use strict';
const path = require('path');
const { fork, spawn } = require('child_process');

const child = path.join(__dirname, 'lib', 'fork_child.js');
const attempt = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
};

// Resolves when the child has exited and its channel closed.
function finished(cp) {
  return new Promise((resolve) => cp.on('close', (code, signal) => resolve({ code, signal })));
}

async function main() {
  console.log('parent: connected', process.connected, typeof process.send);
  attempt('stdio without ipc', () => fork(child, [], { stdio: ['pipe', 'pipe', 'pipe'] }));
  attempt('bad serialization', () => fork(child, ['echo'], { serialization: 'xml' }));
  attempt('two ipc', () => spawn(process.execPath, [child], { stdio: ['pipe', 'pipe', 'pipe', 'ipc', 'ipc'] }));

  // json: messages both ways; the parent disconnects.
  {
    const cp = fork(child, ['echo'], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    console.log('fork', cp.connected, typeof cp.send, typeof cp.pid);
    const replies = [];
    // (after the parent's own disconnect Node 24 emits no 'close': 'exit' it is)
    const done = new Promise((resolve) => cp.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise((resolve) => {
      cp.on('message', (m) => {
        replies.push(m);
        if (replies.length === 3) resolve();
      });
      console.log('send returns', cp.send('one'));
      cp.send({ n: 2, nested: [true, null] });
      cp.send(3, (err) => console.log('send callback', err));
    });
    console.log('replies', JSON.stringify(replies));
    const disconnected = new Promise((resolve) => cp.once('disconnect', resolve));
    cp.disconnect();
    console.log('after disconnect', cp.connected);
    await disconnected;
    console.log('exit', await done);
    console.log('send after disconnect', cp.send('late', (err) => console.log('callback error', err.code, err.message)));
    await new Promise((r) => setImmediate(r));
  }

  // The child disconnects.
  {
    const cp = fork(child, ['echo']);
    const events = [];
    cp.on('disconnect', () => events.push('disconnect'));
    const done = finished(cp);
    cp.send('disconnect me');
    console.log('exit', await done, events, cp.connected);
  }

  // advanced: what JSON cannot carry.
  {
    const cp = fork(child, ['advanced'], { serialization: 'advanced' });
    const got = new Promise((resolve) => cp.once('message', resolve));
    cp.send({ map: new Map([['k', 'v']]), set: new Set([1, 2]), date: new Date(5), big: 12345678901234567890n, bytes: new Uint8Array([1, 2]), undef: undefined });
    console.log('advanced', await got);
    await finished(cp);
  }

  // The child speaks first and exits without listening.
  {
    const cp = fork(child, ['first']);
    const got = new Promise((resolve) => cp.once('message', resolve));
    console.log('first', await got, await finished(cp));
  }

  // Silent: the child's stdout is a pipe of the parent.
  {
    const cp = fork(child, ['exit'], { silent: true });
    let out = '';
    cp.stdout.on('data', (d) => (out += d));
    const msg = new Promise((resolve) => cp.once('message', resolve));
    console.log('silent', await msg, await finished(cp), JSON.stringify(out));
  }
}

main();
