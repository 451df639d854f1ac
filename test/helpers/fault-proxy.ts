import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

/** What the proxy does to the next request: pass it on, answer instead of the platform, or pass it on and then reset the connection. */
export type Fault =
  | { kind: 'answer'; status: number; headers?: Record<string, string> }
  | { kind: 'reset-after-forwarding' };

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * A proxy on 127.0.0.1 in front of the platform that misbehaves on cue, as networks and load
 * balancers do: `queue` faults and the next requests suffer them in order, then requests pass.
 */
export async function startFaultProxy(target: string) {
  const faults: Fault[] = [];
  const seen: SeenRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const body = await buffer(incoming);
    seen.push({ method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers });
    const fault = faults.shift();
    if (fault?.kind === 'answer') {
      outgoing.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers }).end('injected');
      return;
    }
    const url = new URL(incoming.url ?? '/', target);
    const forwarded = request(
      url,
      { method: incoming.method, headers: { ...incoming.headers, host: url.host } },
      (answer) => {
        if (fault?.kind === 'reset-after-forwarding') {
          // The platform has done the work; the client never hears of it.
          answer.resume();
          answer.once('end', () => incoming.socket.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.once('error', () => outgoing.writeHead(502).end());
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queue: (...next: Fault[]) => faults.push(...next),
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
