import { createHash } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { type CliServices, runOperation } from './operations.js';

/**
 * The embedded database belongs to one process, so a CLI started beside a running server hands its
 * operation to that server over a Unix socket in the data directory (owner-only, like the data
 * directory's secrets) and prints the answer. One JSON line each way.
 */
interface Request {
  operation: string;
  input: unknown;
}
type Answer = { ok: true; result: unknown } | { ok: false; error: string };

/** Unix socket paths are limited to about 100 bytes: a long data directory gets one in the temp dir. */
export function controlSocketPath(dataDir: string): string {
  const inDataDir = join(dataDir, 'control.sock');
  if (Buffer.byteLength(inDataDir) < 100) return inDataDir;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return join(tmpdir(), `cp-insurance-${digest}.sock`);
}

/** The first line the peer sends (without leaving the socket, which a `for await` would destroy). */
function readLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end < 0) return;
      socket.off('data', onData);
      resolve(buffered.slice(0, end));
    };
    socket.on('data', onData);
    socket.once('end', () => resolve(buffered));
    socket.once('error', reject);
  });
}

async function answer(services: CliServices, line: string, logger: Logger): Promise<Answer> {
  let request: Request;
  try {
    request = JSON.parse(line) as Request;
  } catch {
    return { ok: false, error: 'The control socket takes one JSON line.' };
  }
  try {
    const result = await runOperation(services, request.operation, request.input);
    // Only the operation's name: its input may hold a password or a key.
    logger.info({ operation: request.operation }, 'CLI operation done');
    return { ok: true, result: result ?? null };
  } catch (error) {
    logger.info({ operation: request.operation }, 'CLI operation refused');
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Serves CLI operations for as long as this process holds the database. */
export async function serveControlSocket(services: CliServices, path: string, logger: Logger) {
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    // A CLI that goes away mid-answer must not take the server down with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    void readLine(socket).then(
      async (line) => socket.end(`${JSON.stringify(await answer(services, line, logger))}\n`),
      () => socket.destroy(),
    );
  });
  // This process holds the database lock, so a socket file left here is a dead process's.
  rmSync(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  chmodSync(path, 0o600);
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The server's answer to one operation, or `null` when no process serves the socket. */
export async function callControlSocket(path: string, request: Request): Promise<Answer | null> {
  const socket = createConnection(path);
  socket.setEncoding('utf8');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  } catch {
    return null;
  }
  socket.write(`${JSON.stringify(request)}\n`);
  const line = await readLine(socket);
  return JSON.parse(line) as Answer;
}
