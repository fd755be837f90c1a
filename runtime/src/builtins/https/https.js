// node:https: http over tls. The server is a tls.Server whose secure
// sockets go to http's connection handling; the client is http's
// ClientRequest with an Agent whose connections are tls.connect's.
'use strict';

const http = internals.requireBuiltin('http');
const tls = internals.requireBuiltin('tls');
const net = internals.requireBuiltin('net');
const { invalidArgType } = internals.errors;

function Server(options, requestListener) {
  if (!(this instanceof Server)) return new Server(options, requestListener);
  if (typeof options === 'function') {
    requestListener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else if (typeof options !== 'object') {
    throw invalidArgType('options', 'of type object', options);
  }
  options = { ...options };
  if (!options.ALPNProtocols && !options.ALPNCallback) options.ALPNProtocols = ['http/1.1'];
  net.Server.call(this, { allowHalfOpen: true, noDelay: options.noDelay ?? true,
    keepAlive: options.keepAlive, keepAliveInitialDelay: options.keepAliveInitialDelay,
    pauseOnConnect: options.pauseOnConnect });
  tls._initServer(this, options);
  http._initServer(this, options, requestListener);
  this.on('connection', tls._tlsConnection);
  this.on('secureConnection', http._connectionListener);
  this.on('tlsClientError', (err, socket) => {
    if (!this.listenerCount('clientError')) return;
    this.emit('clientError', err, socket);
  });
}
Object.setPrototypeOf(Server.prototype, tls.Server.prototype);
Object.setPrototypeOf(Server, tls.Server);
for (const name of ['setTimeout', 'close', 'closeAllConnections', 'closeIdleConnections']) {
  Server.prototype[name] = http.Server.prototype[name];
}

function createServer(options, listener) {
  return new Server(options, listener);
}

// The TLS options that make two connections different (Node's list).
const NAME_KEYS = ['ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx', 'rejectUnauthorized', 'servername',
  'minVersion', 'maxVersion', 'secureProtocol', 'crl', 'honorCipherOrder', 'ecdhCurve', 'dhparam', 'secureOptions',
  'sessionIdContext', 'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine'];

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  http.Agent.call(this, options);
  this.defaultPort = 443;
  this.protocol = 'https:';
  this.maxCachedSessions = this.options.maxCachedSessions ?? 100;
}
Object.setPrototypeOf(Agent.prototype, http.Agent.prototype);
Object.setPrototypeOf(Agent, http.Agent);

Agent.prototype.createConnection = function createConnection(options, cb) {
  const o = { ...options };
  if (o.servername === undefined && o.host && !net.isIP(o.host)) o.servername = o.host;
  if (o.servername === '') delete o.servername;
  const socket = tls.connect(o);
  if (cb) {
    socket.once('secureConnect', () => cb(null, socket));
    socket.once('error', cb);
  }
  return socket;
};

Agent.prototype.getName = function getName(options = {}) {
  let name = http.Agent.prototype.getName.call(this, options);
  name += ':';
  for (const key of NAME_KEYS) {
    const v = options[key];
    if (v !== undefined && v !== null) name += Array.isArray(v) ? v.join(',') : `${v}`;
    name += ':';
  }
  return name.slice(0, -1);
};

const globalAgent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });

function withDefaultAgent(args) {
  // request(url[, options][, cb]) | request(options[, cb])
  const out = [...args];
  const i = typeof out[0] === 'string' || out[0] instanceof URL ? 1 : 0;
  if (out[i] === null || typeof out[i] !== 'object') out.splice(i, 0, {});
  out[i] = { ...out[i], _defaultAgent: globalAgent };
  if (i === 0 && out[0].protocol === undefined) out[0].protocol = 'https:';
  return out;
}

function request(...args) {
  return new http.ClientRequest(...withDefaultAgent(args));
}

function get(...args) {
  const req = request(...args);
  req.end();
  return req;
}

module.exports = { Agent, Server, createServer, get, request, globalAgent };
Object.defineProperty(module.exports, 'globalAgent', {
  enumerable: true, configurable: true, get: () => globalAgent, set(v) {},
});
