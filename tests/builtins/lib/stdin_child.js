// process.stdin as a child process sees it: child_process_async.js starts
// this script (under node, or nabi) with a pipe on its stdin and a mode as
// its argument, writes to it, and compares what comes back. Not a test
// itself.
'use strict';
const mode = process.argv[2];
const log = (...a) => console.log(...a);
const stdin = process.stdin;
log('stdin', stdin.constructor.name, stdin.fd, stdin.isTTY, stdin.readable, stdin.readableFlowing);
if (process.stdin !== stdin) log('not the same object');

switch (mode) {
  case 'data': {
    const chunks = [];
    stdin.on('data', (d) => chunks.push(d));
    stdin.on('end', () => {
      const b = Buffer.concat(chunks);
      log('end', Buffer.isBuffer(chunks[0]), b.length, JSON.stringify(b.toString().slice(0, 40)));
    });
    stdin.on('close', () => log('close'));
    break;
  }
  case 'encoding': {
    stdin.setEncoding('utf8');
    let s = '';
    stdin.on('data', (d) => {
      if (typeof d !== 'string') log('not a string');
      s += d;
    });
    stdin.on('end', () => log('text', JSON.stringify(s), s.length));
    break;
  }
  case 'iterate':
    (async () => {
      let n = 0;
      for await (const chunk of stdin) n += chunk.length;
      log('iterated', n);
    })();
    break;
  case 'pipe':
    stdin.pipe(process.stdout);
    break;
  case 'readable':
    stdin.on('readable', () => {
      let c;
      while ((c = stdin.read()) !== null) log('read', JSON.stringify(c.toString()));
    });
    stdin.on('end', () => log('end'));
    break;
  case 'untouched':
    // Never read: the open pipe must not keep the process alive.
    setTimeout(() => log('exiting without reading'), 20);
    break;
  case 'pause':
    stdin.once('data', (d) => {
      log('first chunk', JSON.stringify(d.toString().split('\n')[0]));
      // (Paused from inside a 'data' listener Node reads on: the stream
      // asks for more before the pause takes effect.)
      setTimeout(() => {
        stdin.pause();
        log('flowing', stdin.readableFlowing);
        // Paused: the process ends although the pipe stays open.
        setTimeout(() => log('exiting while paused'), 20);
      }, 10);
    });
    break;
  case 'lines': {
    let buf = '';
    stdin.setEncoding('utf8');
    stdin.on('close', () => log('closed', stdin.destroyed));
    stdin.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        // Answers each line as it comes: the parent waits for the answer.
        console.log(`echo:${line.toUpperCase()}`);
        // destroy() closes fd 0's handle: the process can end.
        if (line === 'quit') stdin.destroy();
      }
    });
    break;
  }
  default:
    log('unknown mode', mode);
}
