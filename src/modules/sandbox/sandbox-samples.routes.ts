import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { docPage, escapeHtml } from '../../core/http/doc-page.js';
import { SANDBOX_OUTCOMES } from '../contracts/sandbox-outcome.js';
import { TEST_IMEIS } from '../contracts/test-imeis.js';
import { SANDBOX_SAMPLES } from './sandbox-samples.js';

const PREFIX = '/docs/samples/';
const SAMPLES_DIR = new URL('./samples/', import.meta.url).pathname;

const rows = (cells: string[][]) =>
  cells.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');

/** The sandbox's samples and magic values on one page, generated from the tables the code uses. */
export function renderSamplesPage(): string {
  const samples = rows(
    SANDBOX_SAMPLES.map((sample) => [
      `<a href="${PREFIX}${sample.file}" download><code>${sample.file}</code></a>`,
      escapeHtml(sample.description),
    ]),
  );
  const imeis = rows(
    Object.entries(TEST_IMEIS).map(([name, { imei, behaviour }]) => [
      `<code>${imei}</code>`,
      name,
      escapeHtml(behaviour),
    ]),
  );
  const outcomes = rows(
    Object.entries(SANDBOX_OUTCOMES).map(([outcome, effect]) => [
      `<code>${outcome}</code>`,
      escapeHtml(effect),
    ]),
  );
  return docPage({
    title: 'cp-insurance sandbox samples',
    body: `<h1>Sandbox samples and magic values</h1>
<p>For <code>cpi_test_…</code> keys only; in live mode these values are ordinary data. The walk-through is the <a href="/docs/quickstart">quick-start</a>.</p>
<h2>Sample images</h2>
<table><tbody>${samples}</tbody></table>
<h2>Test IMEIs (step-1 <code>device_info.imei</code>)</h2>
<p>With one of these the OCR does not run and any uploaded screenshot is accepted.</p>
<table><thead><tr><th>IMEI</th><th>name</th><th>behaviour</th></tr></thead><tbody>${imeis}</tbody></table>
<h2>Outcomes (create's <code>sandbox_outcome</code>)</h2>
<p>Photos need no QR code: the sandbox decides by the outcome, whatever the automated checks say.</p>
<table><tbody>${outcomes}</tbody></table>`,
  });
}

/** Public: /docs/samples/ lists the samples, the magic values and their effects; the files download. */
export async function registerSandboxSamples(app: FastifyInstance): Promise<void> {
  const page = renderSamplesPage();
  app.get(PREFIX, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
  await app.register(fastifyStatic, {
    root: SAMPLES_DIR,
    prefix: PREFIX,
    index: false,
    wildcard: false,
    decorateReply: false,
  });
}
