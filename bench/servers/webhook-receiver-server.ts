import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A partner that acknowledges every webhook at once, with the link an approval needs, after reading
 * the body (as any real receiver must): its own cost stays tiny, so the bench measures the sender.
 */
const answer = Buffer.from(JSON.stringify({ result: true, contract_url: 'https://p.example/c' }));
let received = 0;
const server = createServer((request, response) => {
  request.resume();
  request.once('end', () => {
    received++;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    response.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.stdout.write(`${JSON.stringify({ received })}\n`, () => process.exit(0)));
});
