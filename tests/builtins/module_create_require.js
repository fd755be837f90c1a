// module.createRequire: an absolute path or a file URL; anything else is Node's
// ERR_INVALID_ARG_VALUE (a relative path used to loop forever).
'use strict';
const { createRequire } = require('module');
for (const f of ['hex', './rel.js', '', 42, null, {}, 'file:///tmp/x.js', '/tmp/x.js', new URL('file:///tmp/y.js')]) {
  try {
    const r = createRequire(f);
    console.log(typeof r, typeof r.resolve, r.resolve.paths('x')[0]);
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
