// node:tls: stubs throwing ERR_NOT_IMPLEMENTED until TLS (rustls) lands,
// with Node's constants.
'use strict';

module.exports = internals.errors.stubs({
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_ECDH_CURVE: 'auto',
  DEFAULT_MIN_VERSION: 'TLSv1.2',
  DEFAULT_MAX_VERSION: 'TLSv1.3',
  rootCertificates: Object.freeze([]),
}, 'tls', [
  'getCiphers', 'checkServerIdentity', 'createSecureContext', 'SecureContext', 'TLSSocket', 'Server',
  'createServer', 'connect', 'convertALPNProtocols', 'getCACertificates', 'setDefaultCACertificates',
]);
