import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The baseline: node:http answering fixed bytes, the floor of what any Node.js server can do. */
const body = Buffer.from(process.argv[2] ?? '{}', 'base64');
const server = createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
  });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
