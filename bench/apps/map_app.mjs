// The Node anchor of bench/http_path.sh: GET /state/KEY answers the JSON value kept for KEY in
// a Map (what Lichen's in-memory state store does behind GET /v1.0/state/STORE/KEY), 204 when
// there is none. Listens on 127.0.0.1 at a port the system picks and prints that port.
import http from 'node:http';

const values = new Map([['bench', '"a small state value"']]);
const server = http.createServer((req, res) => {
  const key = req.url.startsWith('/state/') ? decodeURIComponent(req.url.slice(7)) : null;
  const value = key === null ? undefined : values.get(key);
  if (value === undefined) {
    res.writeHead(key === null ? 404 : 204, { 'Content-Length': 0 });
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': value.length });
  res.end(value);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => {
  console.log(`map_app listening on port ${server.address().port}`);
});
