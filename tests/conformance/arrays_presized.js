// Arrays from napi_create_array_with_length filled with napi_set_element:
// the length's slots stay holes until set, in order or not, and an indexed
// set still honours frozen arrays, setters and Array.prototype's indices.
'use strict';
const { load } = require('./common');
const o = load('objects');
const SET = 0, GET = 1, HAS = 2;
const show = (a) => console.log(a.length, JSON.stringify(Object.keys(a)), 0 in a, 4 in a, JSON.stringify(a));

const five = o.arrays([]).five;
show(five);
for (const i of [0, 1, 2]) o.elementOp(SET, five, i, i * 10);
show(five);
o.elementOp(SET, five, 4, 'last');
show(five);
console.log(o.elementOp(HAS, five, 3).value, o.elementOp(GET, five, 3).value, o.elementOp(HAS, five, 4).value);
o.elementOp(SET, five, 7, 'past');
show(five);

const back = o.arrays([]).five;
for (let i = 4; i >= 0; i--) o.elementOp(SET, back, i, i);
show(back);

const frozen = Object.freeze([1, 2]);
console.log(o.elementOp(SET, frozen, 0, 9).status, o.elementOp(SET, frozen, 2, 9).status, JSON.stringify(frozen));

const seen = [];
Object.defineProperty(Array.prototype, 3, { set(v) { seen.push(v); }, configurable: true });
const withSetter = o.arrays([]).five;
for (let i = 0; i < 5; i++) o.elementOp(SET, withSetter, i, i);
delete Array.prototype[3];
console.log(JSON.stringify(seen), withSetter.length, 3 in withSetter, JSON.stringify(withSetter));

const accessor = [];
Object.defineProperty(accessor, 0, { get() { return 'g'; }, set(v) { seen.push(['own', v]); } });
o.elementOp(SET, accessor, 0, 5);
console.log(JSON.stringify(seen), accessor[0]);
