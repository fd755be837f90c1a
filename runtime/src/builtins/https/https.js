// node:https: stubs throwing ERR_NOT_IMPLEMENTED until TLS lands.
'use strict';

module.exports = internals.errors.stubs({}, 'https', ['Agent', 'Server', 'createServer', 'get', 'request']);
module.exports.globalAgent = undefined;
