// The child of child_process_fork.js: answers messages over its IPC
// channel, in the mode its first argument names.
'use strict';
const mode = process.argv[2];
// (printed only where the parent captures it: with inherited stdout the
// lines would race the parent's)
const state = `child ${mode}: connected ${process.connected}, send ${typeof process.send}, env cleared ${process.env.NODE_CHANNEL_FD === undefined}`;
if (mode === 'echo') {
  process.on('message', (m) => {
    if (m === 'disconnect me') {
      process.disconnect();
      return;
    }
    process.send({ echo: m });
  });
} else if (mode === 'advanced') {
  process.once('message', (m) => {
    const kinds = {
      map: m.map instanceof Map && m.map.get('k'),
      set: m.set instanceof Set && m.set.has(2),
      date: m.date instanceof Date && m.date.getTime(),
      big: typeof m.big === 'bigint' && m.big.toString(),
      bytes: m.bytes instanceof Uint8Array && [...m.bytes].join(','),
      undef: 'undef' in m && m.undef === undefined,
    };
    process.send(kinds, () => process.disconnect());
  });
} else if (mode === 'first') {
  // The child speaks first, then leaves without listening: the channel
  // does not keep it alive.
  process.send('hello from the child');
} else if (mode === 'exit') {
  console.log(state);
  process.send({ going: true });
  process.exitCode = 3;
}
