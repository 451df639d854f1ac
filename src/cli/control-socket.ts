import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, rmSync } from 'node:fs';
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

function parseRequest(line: string): Request | null {
  try {
    const parsed = JSON.parse(line) as Partial<Request> | null;
    return typeof parsed?.operation === 'string'
      ? { operation: parsed.operation, input: parsed.input }
      : null;
  } catch {
    return null;
  }
}

async function answer(services: CliServices, line: string, logger: Logger): Promise<Answer> {
  const request = parseRequest(line);
  if (!request) return { ok: false, error: 'The control socket takes one JSON line {"operation", "input"}.' };
  const { operation } = request;
  try {
    const result = await runOperation(services, operation, request.input);
    // Only the operation's name: its input may hold a password or a key.
    logger.info({ operation }, 'CLI operation done');
    return { ok: true, result: result ?? null };
  } catch (error) {
    logger.info({ operation }, 'CLI operation refused');
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Serves CLI operations for as long as this process holds the database. */
export async function serveControlSocket(services: CliServices, path: string, logger: Logger) {
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    // A CLI that goes away mid-answer must not take the server down with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    readLine(socket)
      .then(async (line) => socket.end(`${JSON.stringify(await answer(services, line, logger))}\n`))
      .catch(() => socket.destroy());
  });
  // This process holds the database lock, so a socket file left here is a dead process's.
  rmSync(path, { force: true });
  // Created owner-only: no moment exists in which another user could connect.
  const umask = process.umask(0o077);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, resolve);
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A socket someone else made (in the shared temp dir, say) is not ours to send passwords to. */
function checkOwnSocket(path: string): boolean {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch {
    return false;
  }
  if (!stat.isSocket()) return false;
  if (process.getuid && stat.uid !== process.getuid())
    throw new Error(`${path} belongs to another user (uid ${stat.uid}): refusing to send it the operation.`);
  return true;
}

const ANSWER_TIMEOUT_MS = 120_000;

/** The server's answer to one operation, or `null` when no process serves the socket. */
export async function callControlSocket(path: string, request: Request): Promise<Answer | null> {
  if (!checkOwnSocket(path)) return null;
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
  socket.setTimeout(ANSWER_TIMEOUT_MS, () => socket.destroy(new Error('The server did not answer in time.')));
  socket.write(`${JSON.stringify(request)}\n`);
  const line = await readLine(socket);
  try {
    return JSON.parse(line) as Answer;
  } catch {
    throw new Error(`The server closed the control socket without an answer (${path}).`);
  }
}
