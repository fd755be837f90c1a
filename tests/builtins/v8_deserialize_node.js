// v8.deserialize reads bytes that Node 24's v8.serialize wrote (the hex
// below came from Node): sparse and double arrays, maps and sets with
// object keys, two-byte strings, dates, regexps with flags, Buffers and
// typed arrays, errors with stack and cause, shared references.
'use strict';
const v8 = require('v8');
const util = require('util');

const fromNode = [
  "ff0f61034900490249044906400203",
  "ff0f6f22016141034e000000000000f83f49042201782400032201623b6f7b00275a1001000000000000002c013a027b02",
  "ff0f630661006200ac20",
  "ff0f44000000a2941a6d42",
  "ff0f522201788101",
  "ff0f5c0a026869",
  "ff0f5c07040000c03f",
  "ff0f726d22016573220273742e",
  "ff0f72546d22017473220c547970654572726f723a2074632201632e",
  "ff0f41055f305449014e0000000000004043240005",
  "ff0f6f22016f6f22016b49027b012205616761696e5e0122046c69737441015e012400017b03"
];
for (const hex of fromNode) {
  const v = v8.deserialize(Buffer.from(hex, 'hex'));
  const shown = v instanceof Error ? [v.constructor.name, v.message, v.stack, v.cause] : v;
  console.log(util.inspect(shown, { depth: 5 }));
  if (v && v.o) console.log('shared', v.o === v.again && v.o === v.list[0]);
}
