// A minimal PostgREST stand-in in its own process, so that the client process measures only
// client work. Prints its port on stdout.
import { createServer } from 'node:http';

const body = JSON.stringify([{ id: 1, title: 'The Matrix' }]);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-range': '0-0/*',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('disconnect', () => process.exit(0));
