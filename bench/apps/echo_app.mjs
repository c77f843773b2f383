// The plain HTTP app bench/apps.sh puts behind the sidecar (--app-port) and also measures
// directly: POST /echo answers the body it was sent, as bench_app.c's echo method does; any
// other path is 404. Listens on 127.0.0.1 at a port the system picks and prints that port;
// SIGTERM ends it (the default).
import http from 'node:http';

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/echo') {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
      res.end(body);
    } else {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
    }
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  console.log(`echo_app listening on port ${server.address().port}`);
});
