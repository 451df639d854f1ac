import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { freePort } from '../test/helpers/platform.js';

const ROOT = join(import.meta.dirname, '..');
const run = promisify(execFile);

/** The fenced blocks of a part of the document, in order, with their language. */
function codeBlocks(markdown: string): Array<{ lang: string; code: string }> {
  return [...markdown.matchAll(/```(sh|ts)\n([\s\S]*?)```/g)].map(([, lang, code]) => ({
    lang: lang as string,
    code: code as string,
  }));
}

/**
 * docs/quickstart.md run as a newcomer would: `npm start`'s command on a fresh data directory, the
 * banner's partner id, key and secret, then each code block exactly as written (only the two ports
 * are free ones instead of 8080 and 4000). Needs curl: run by `npm run test:docs` in CI's stage 2.
 */
describe('the quick-start runs as written', () => {
  let markdown: string;
  let dataDir: string;
  let platform: ReturnType<typeof spawn>;
  let env: Record<string, string>;
  const timings: string[] = [];

  before(async () => {
    markdown = await readFile(join(ROOT, 'docs/quickstart.md'), 'utf8');
    dataDir = await mkdtemp(join(tmpdir(), 'cpi-quickstart-'));
    const port = await freePort();
    platform = spawn(process.execPath, ['bin/cp-insurance.js', 'start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: '',
        SANDBOX_DECISION_DELAY_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
      platform.stdout?.on('data', (chunk) => {
        printed += chunk;
        const found = /Partner id +(\S+)\n +Test API key +(\S+)\n +Webhook secret +(\S+)/.exec(printed);
        if (found) resolve(found);
      });
      platform.once('exit', () => reject(new Error(printed)));
    });
    env = {
      ...(process.env as Record<string, string>),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      CPI_BASE_URL: `http://127.0.0.1:${port}`,
      CPI_PARTNER_ID: banner[1] as string,
      CPI_API_KEY: banner[2] as string,
      CPI_WEBHOOK_SECRET: banner[3] as string,
    };
  });
  after(async () => {
    platform.kill('SIGTERM');
    await new Promise((resolve) => platform.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
    console.log(`quick-start steps: ${timings.join(', ')}`);
  });

  const english = () => codeBlocks(markdown.slice(0, markdown.indexOf('## 한국어')));
  const timed = async <T>(name: string, work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const bash = (code: string) => run('bash', ['-euo', 'pipefail', '-c', code], { cwd: ROOT, env });

  test('the Korean part shows the same commands as the English one', () => {
    const korean = codeBlocks(markdown.slice(markdown.indexOf('## 한국어')));
    assert.equal(english().length, 5);
    assert.deepEqual(korean, english());
  });

  test('step 1 is the command this test started the platform with', () => {
    assert.equal(english()[0]?.code.trim(), 'WEBHOOK_ALLOW_PRIVATE=true npm start');
    assert.match(
      english()[1]?.code ?? '',
      /CPI_PARTNER_ID=… {2}CPI_API_KEY=cpi_test_… {2}CPI_WEBHOOK_SECRET=whsec_…/,
    );
  });

  test('step 2: curl takes a sandbox contract to status 5', async () => {
    const { stdout } = await timed('curl', () => bash(english()[2]?.code ?? ''));
    assert.match(stdout, /contract [\w-]+: status 5\n$/, stdout);
  });

  test('step 3: the SDK snippet takes one to status 3', async () => {
    const dir = join(ROOT, 'test-docs/.tmp');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'quickstart.ts');
    await writeFile(file, english()[3]?.code ?? '');
    // As the document says, without the repository's source condition: the SDK's dist/, which
    // `npm ci` builds (its prepare script), is what a partner's code imports.
    const { stdout } = await timed('SDK', () =>
      run(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, env }),
    );
    assert.match(stdout, /status 3 \(inspection_requested\)/, stdout);
  });

  test('step 4: the example app, on the webhook set by the CLI, completes a contract (7)', async () => {
    const port = String(await freePort());
    const { stdout } = await timed('example app', () =>
      bash((english()[4]?.code ?? '').replaceAll('4000', port)),
    );
    assert.match(stdout, /approve: ok: statuses 7 \(expected 7\)/, stdout);
  });

  test('/docs/quickstart serves the page, linked from /docs', async () => {
    const page = await fetch(`${env.CPI_BASE_URL}/docs/quickstart`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h2 id="english">English<\/h2>/);
    assert.match(html, /<h2 id="한국어">한국어<\/h2>/);
    const document = (await (await fetch(`${env.CPI_BASE_URL}/openapi.json`)).json()) as {
      info: { description: string };
    };
    assert.match(document.info.description, /\/docs\/quickstart/);
  });
});
