// util.inspect names an object after the first constructor up its chain
// that it is an instance of: a prototype object (Foo.prototype, a class's
// prototype, an addon constructor's) prints as a plain object, an instance
// under its class, and one whose constructor is not on its chain under the
// nearest that is.
'use strict';
const util = require('util');

function Foo() {}
class Bar {}
class Baz extends Bar {}
const lines = [
  util.inspect(Foo.prototype),
  util.inspect(new Foo()),
  util.inspect(Bar.prototype),
  util.inspect(Baz.prototype),
  util.inspect(new Baz()),
  util.inspect(Object.create(Baz.prototype)),
  util.inspect(Object.create(null)),
  util.inspect({ constructor: Foo, a: 1 }),
  util.inspect([Foo.prototype, Bar.prototype]),
  util.inspect(Object.setPrototypeOf(new Map([[1, 2]]), Baz.prototype)),
];
for (const l of lines) console.log(l);
