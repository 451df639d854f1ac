import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A load balancer on 127.0.0.1 in front of `backends`, each request to the next in turn. */
export async function startRoundRobinProxy(backends: string[]) {
  const served = backends.map(() => 0);
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const index = next++ % backends.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(incoming.url ?? '/', backends[index]);
    const forwarded = request(
      target,
      { method: incoming.method, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.once('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Requests sent to each backend, in the order given. */
    served: () => [...served],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
