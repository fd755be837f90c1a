// node:readline over a stream (no terminal): lines split on \n, \r\n and a lone \r, across chunks;
// question/prompt/setPrompt, write() as input, close and its events, async iteration,
// readline/promises' question and Readline, and the cursor helpers' ANSI sequences.
const readline = require('readline');
const { PassThrough } = require('stream');

function collect() {
  const out = new PassThrough();
  out.text = '';
  out.on('data', (d) => { out.text += d; });
  return out;
}

async function lines() {
  const input = new PassThrough();
  const output = collect();
  const rl = readline.createInterface({ input, output });
  for (const ev of ['pause', 'resume', 'close', 'line']) rl.on(ev, (a) => console.log('event', ev, JSON.stringify(a)));
  console.log(rl.terminal, rl.line, rl.getPrompt(), Array.isArray(rl.history), rl instanceof readline.Interface);
  rl.question('name? ', (a) => console.log('answer', a));
  input.write('bob\r\nx\ny');
  input.write('z\r');
  input.write('\nnext\n');
  rl.setPrompt('$ ');
  rl.prompt();
  rl.write('typed\n');
  input.end('last');
  await new Promise((r) => rl.once('close', r));
  console.log(JSON.stringify(output.text), rl.closed);
  try { rl.question('q', () => {}); } catch (e) { console.log(e.code, e.message); }
  rl.close();
}

async function iterate() {
  const input = new PassThrough();
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  setTimeout(() => input.end('one\ntwo\r\nthree'), 1);
  const got = [];
  for await (const line of rl) got.push(line);
  console.log('iterated', got);
  const input2 = new PassThrough();
  const rl2 = readline.createInterface({ input: input2 });
  setTimeout(() => input2.write('a\nb\nc\n'), 1);
  for await (const line of rl2) {
    console.log('first', line);
    break;
  }
  console.log('closed after break', rl2.closed);
  rl2.close();
}

async function promises() {
  const rp = require('readline/promises');
  console.log(rp === readline.promises, typeof rp.Readline, typeof rp.createInterface);
  const input = new PassThrough();
  const output = collect();
  const rl = rp.createInterface({ input, output });
  const answer = rl.question('age? ');
  input.write('42\n');
  console.log('answer', await answer, JSON.stringify(output.text));
  const ac = new AbortController();
  const aborted = rl.question('never? ', { signal: ac.signal });
  ac.abort();
  await aborted.catch((e) => console.log(e.name, e.code));
  rl.close();
  await rl.question('x').catch((e) => console.log(e.code));
  const out = collect();
  const r = new rp.Readline(out);
  r.cursorTo(3).cursorTo(1, 2).moveCursor(-2, 3).moveCursor(4, -1).clearLine(-1).clearLine(0).clearLine(1).clearScreenDown();
  console.log(JSON.stringify(out.text));
  await r.commit();
  console.log(JSON.stringify(out.text));
  r.cursorTo(0).rollback();
  await r.commit();
  console.log(JSON.stringify(out.text));
}

function cursors() {
  const out = collect();
  console.log(readline.cursorTo(out, 5), readline.cursorTo(out, 5, 2), readline.moveCursor(out, -1, 0), readline.moveCursor(out, 3, -4));
  readline.moveCursor(out, 0, 0);
  readline.clearLine(out, -1);
  readline.clearLine(out, 1);
  readline.clearLine(out, 0);
  readline.clearScreenDown(out);
  console.log(readline.cursorTo(null, 1), readline.clearLine(undefined, 0));
  try { readline.cursorTo(out, NaN); } catch (e) { console.log(e.code); }
  try { readline.cursorTo(out, 'a', 1); } catch (e) { console.log(e.code, e.message); }
  return new Promise((r) => setTimeout(() => { console.log(JSON.stringify(out.text)); r(); }, 5));
}

function keypress() {
  const input = new PassThrough();
  readline.emitKeypressEvents(input);
  const keys = [];
  input.on('keypress', (s, k) => keys.push([s, k.name, k.ctrl, k.meta, k.shift, k.sequence]));
  input.write('aB1 \r\x03\x1b[A\x1b[D\x7f\t');
  return new Promise((r) => setTimeout(() => { for (const k of keys) console.log(JSON.stringify(k)); r(); }, 5));
}

(async () => {
  await lines();
  await iterate();
  await promises();
  await cursors();
  await keypress();
})();
