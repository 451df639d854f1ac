import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { renderPhoto } from '../../scripts/generate-photos.js';
import { PHOTO_VARIANTS, type PhotoVariant } from '../../scripts/photo-variants.js';
import { databaseUrl } from '../helpers/platform.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/cp-insurance.js', import.meta.url).pathname;

/** An upload whose body arrives in two halves, the second when `release` is called. */
function halfSentUpload(port: number, apiKey: string, body: Buffer) {
  let release = () => {};
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const upload = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/cp-insurance/image/',
        headers: { 'X-ITECHS-API-KEY': apiKey, 'content-type': 'image/jpeg', 'content-length': body.length },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    upload.on('error', reject);
    upload.write(body.subarray(0, body.length / 2));
    release = () => upload.end(body.subarray(body.length / 2));
  });
  return { answer, release: () => release() };
}

describe('graceful shutdown', { skip: databaseUrl ? 'covered on PGlite' : false }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cpi-shutdown-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test('SIGTERM stops accepting, finishes the requests in flight, then closes the database', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'info' };
    const partner = JSON.parse(
      (await run(process.execPath, [BIN, 'affiliate', 'create', '--name', 'A', '--mode', 'test'], { env }))
        .stdout,
    ) as { api_key: string };
    const server = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let logs = '';
    server.stdout.on('data', (chunk: Buffer) => {
      logs += chunk;
    });
    server.stderr.on('data', (chunk: Buffer) => {
      logs += chunk;
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.on('data', () => {
        const url = /"url":"http:\/\/[^:]+:(\d+)"/.exec(logs);
        if (url) resolve(Number(url[1]));
      });
      exited.then(() => reject(new Error(`start exited:\n${logs}`)));
    });

    // Whatever fails below, the server must not outlive the test.
    after(() => server.kill('SIGKILL'));
    // Rendered here: the generated fixture folder may not exist yet when this file runs first.
    const photo = await renderPhoto(PHOTO_VARIANTS[0] as PhotoVariant, {
      key: 'cpq1_shutdown',
      otherKey: 'x',
    });
    const uploads = [1, 2, 3].map(() => halfSentUpload(port, partner.api_key, photo));
    await sleep(300); // the first halves are in
    server.kill('SIGTERM');
    await sleep(300); // the server is closing
    for (const upload of uploads) upload.release();

    for (const upload of uploads) {
      const { status, body } = await upload.answer;
      assert.equal(status, 201, body);
    }
    assert.equal(await exited, 0);
    const problems = logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level >= 50);
    assert.deepEqual(problems, [], 'nothing went wrong on the way out');
    assert.match(logs, /"msg":"stopped"/);
  });
});
