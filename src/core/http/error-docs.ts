import { ERROR_MEANINGS, ERROR_STATUS, type ErrorCode } from '../errors.js';
import { docPage, inlineCode } from './doc-page.js';
import type { App } from './server.js';

const PATH = '/docs/errors';

/** Where every error answer's `doc_url` points (with `#code`). */
export function errorDocsUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}${PATH}`;
}

/** The error reference: one row per code of core/errors.ts, generated from its tables. */
export function renderErrorDocs(): string {
  const rows = (Object.keys(ERROR_STATUS) as ErrorCode[])
    .map(
      (code) =>
        `<tr id="${code}"><td><a href="#${code}"><code>${code}</code></a></td><td>${ERROR_STATUS[code]}</td><td>${inlineCode(ERROR_MEANINGS[code])}</td></tr>`,
    )
    .join('\n');
  return docPage({
    title: 'cp-insurance API errors',
    body: `<h1>Error codes</h1>
<p>Every error answer is <code>{"code": HTTP status, "data": null, "error": {"code", "message", "field"?, "request_id", "doc_url"}}</code>; <code>doc_url</code> links the row below. The API reference is at <a href="/docs">/docs</a>.</p>
<table><thead><tr><th>code</th><th>HTTP</th><th>meaning and what to do</th></tr></thead><tbody>
${rows}
</tbody></table>`,
  });
}

export function registerErrorDocs(app: App): void {
  const page = renderErrorDocs();
  app.get(PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
}
