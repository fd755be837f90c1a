// The hello-world HTTP server bench/http/run.sh loads: keep-alive, a
// Content-Length response. Prints READY <port> once listening.
'use strict';
const http = require('http');
const server = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain');
  res.end('hello world');
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`READY ${server.address().port}`));
