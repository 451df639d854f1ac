import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { toAnalysisGrey } from '../../src/modules/checks/photo/perceptual-hash.js';
import { processFigures, readyFigures } from '../lib/process-figures.js';

/**
 * The upload baseline: node:http streaming each body to a file of its own and answering 201, the
 * least any server that keeps uploads on disk must do. Files go to argv[2] (or a temp directory).
 * With argv[3] `decode`, each file is also decoded once as the platform decodes it, to the perceptual
 * hash's size: the least a server that refuses corrupt pixel data and hashes at upload (issue 3,
 * points 1 and 5) must do.
 */
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'cpi-bench-disk-'));
const decode = process.argv[3] === 'decode';
const answer = Buffer.from(JSON.stringify({ code: 201, data: { id: 'stored' }, error: null }));
const server = createServer(async (request, response) => {
  try {
    const file = join(dir, randomUUID());
    await pipeline(request, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    if (decode) await toAnalysisGrey(file, { failOn: 'error', sequentialRead: true });
    response.writeHead(201, { 'content-type': 'application/json', 'content-length': answer.length });
    response.end(answer);
  } catch {
    response.destroy();
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `${JSON.stringify({ port: (server.address() as AddressInfo).port, ...readyFigures() })}\n`,
  );
});
process.on('SIGTERM', () =>
  server.close(() =>
    // The last stdout line: peak memory, to set beside the platform's.
    process.stdout.write(`${JSON.stringify(processFigures())}\n`, () => process.exit(0)),
  ),
);
