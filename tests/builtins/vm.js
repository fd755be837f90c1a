// vm: Script, runInThisContext, createContext/runInContext/runInNewContext
// in a fresh context (own globals and intrinsics), isContext, errors, and
// functions of another context called through napi_make_callback.
'use strict';
const vm = require('vm');

const attempt = (label, f) => {
  try {
    console.log(label, f());
  } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message);
  }
};

console.log(['Script', 'createContext', 'isContext', 'runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction']
  .map((k) => typeof vm[k]).join(' '));

// runInThisContext: the main global, `var` becomes a global.
globalThis.shared = 1;
console.log(vm.runInThisContext('var madeByVm = shared + 1; madeByVm'), globalThis.madeByVm);
console.log(vm.runInThisContext('[] instanceof Array && this === globalThis'));

// A contextified object: its properties are the script's globals, and
// what the script sets comes back to it.
const ctx = { x: 2, list: [1] };
console.log('createContext returns it', vm.createContext(ctx) === ctx, vm.isContext(ctx), vm.isContext({}));
vm.runInContext('x += 40; var y = 17; z = "new"; list.push(2); function f() { return x; }', ctx);
console.log(ctx.x, ctx.y, ctx.z, ctx.list, typeof ctx.f, ctx.f());
console.log('main global untouched', typeof y, typeof z);
console.log('kept between runs', vm.runInContext('y + 1', ctx));
ctx.x = 100;
console.log('object changes seen', vm.runInContext('x', ctx));

// A fresh context has its own intrinsics and none of Node's globals.
const arr = vm.runInNewContext('[1, 2]');
console.log('other realm', arr instanceof Array, Array.isArray(arr), arr.length);
console.log(vm.runInNewContext('typeof require + " " + typeof process + " " + typeof Object'));
const sandbox = { n: 5 };
console.log(vm.runInNewContext('this.foo = "bar"; n * 2', sandbox), sandbox.foo, vm.isContext(sandbox));
console.log('separate contexts', vm.runInNewContext('typeof y', {}));
const o = vm.runInNewContext('Object.prototype.marked = 1; ({})');
console.log('prototypes are separate', o.marked, ({}).marked);

// Script: compiled once, run in several contexts.
const script = new vm.Script('count = (typeof count === "number" ? count : 0) + 1', { filename: 'count.js' });
const a = vm.createContext({});
const b = vm.createContext({ count: 10 });
script.runInContext(a);
script.runInContext(a);
script.runInContext(b);
console.log('script', a.count, b.count, script.runInNewContext({ count: 41 }));
globalThis.count = 0;
script.runInThisContext();
console.log('script in this context', globalThis.count);

// Errors
// (the engine's own message text differs: only the class is compared)
try {
  new vm.Script('let let = 1;', { filename: 'bad.js' });
} catch (e) {
  console.log('syntax error at construction', e.name);
}
attempt('thrown in context', () => vm.runInNewContext('throw new TypeError("inside")'));
const caught = (() => { try { vm.runInNewContext('throw new Error("e")'); } catch (e) { return e; } })();
console.log('error from another realm', caught instanceof Error, caught.message);
attempt('not a context', () => vm.runInContext('1', {}));
attempt('isContext(1)', () => vm.isContext(1));
attempt('createContext(5)', () => vm.createContext(5));
attempt('thrown in this context', () => vm.runInThisContext('throw new RangeError("r")'));

// A function of another context called through napi_make_callback runs in
// its own context; one it calls back runs in ours.
{
  const addon = require(require('path').join(process.env.NABI_FIXTURE_DIR, 'node_api.node'));
  const foreign = vm.runInNewContext('(function () { return Object; })');
  console.log('make_callback into another context', addon.makeCallbackOn({}, foreign, true) !== Object);
  const forward = vm.runInNewContext('(function (back) { return back(Object); })');
  console.log('and back', addon.makeCallbackOn({}, () => forward((o) => o !== Object && Object), false) === Object);
}

// compileFunction
const fn = vm.compileFunction('return a + b', ['a', 'b']);
console.log('compileFunction', fn(2, 3));
