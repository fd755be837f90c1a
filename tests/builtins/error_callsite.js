// V8's CallSite API through Error.prepareStackTrace: every method exists
// and answers as V8 does for ordinary frames, and depd's pattern (find the
// caller's file from a captured stack) works. Columns are left out: V8
// points at `new`, QuickJS at the constructor's name.
'use strict';
const path = require('path');

function frames(fn) {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, callSites) => callSites;
  const holder = {};
  Error.captureStackTrace(holder, fn);
  const stack = holder.stack;
  Error.prepareStackTrace = prepare;
  return stack;
}

function named() {
  return frames(named);
}
function outer() {
  return named();
}
const site = outer()[0];
const methods = ['getThis', 'getTypeName', 'getFunction', 'getFunctionName', 'getMethodName', 'getFileName',
  'getLineNumber', 'getColumnNumber', 'getEvalOrigin', 'isToplevel', 'isEval', 'isNative', 'isConstructor',
  'isAsync', 'isPromiseAll', 'getPromiseIndex', 'getScriptNameOrSourceURL', 'getScriptHash',
  'getEnclosingColumnNumber', 'getEnclosingLineNumber', 'getPosition', 'toString'];
console.log('methods:', methods.filter((m) => typeof site[m] !== 'function'));
console.log('function:', site.getFunctionName(), 'file:', path.basename(site.getFileName()), 'line:', site.getLineNumber());
console.log('script name:', path.basename(site.getScriptNameOrSourceURL()));
console.log('eval:', site.isEval(), site.getEvalOrigin(), 'native:', site.isNative(), 'constructor:', site.isConstructor());
console.log('async:', site.isAsync(), site.isPromiseAll(), site.getPromiseIndex());
console.log('toString:', String(site).replace(/:\d+\)$/, ')').replace(__dirname + path.sep, ''));

// depd: the file that called a function, from the frame above it.
function callerFile() {
  const stack = frames(callerFile);
  const site = stack[1];
  const file = site.getFileName() || '<anonymous>';
  return [path.basename(file), site.isEval() ? site.getEvalOrigin() : 'not eval', typeof site.getLineNumber()];
}
function api() {
  return callerFile();
}
console.log('caller:', api());
