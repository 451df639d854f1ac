import { ERROR_MEANINGS, ERROR_STATUS, type ErrorCode } from '../errors.js';
import type { App } from './server.js';

const PATH = '/docs/errors';

/** Where every error answer's `doc_url` points (with `#code`). */
export function errorDocsUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}${PATH}`;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char,
  );
const inlineCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The error reference: one row per code of core/errors.ts, generated from its tables. */
export function renderErrorDocs(): string {
  const rows = (Object.keys(ERROR_STATUS) as ErrorCode[])
    .map(
      (code) =>
        `<tr id="${code}"><td><a href="#${code}"><code>${code}</code></a></td><td>${ERROR_STATUS[code]}</td><td>${inlineCode(ERROR_MEANINGS[code])}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cp-insurance API errors</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}td{padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}tr:target{background:#fff6d6}</style>
</head><body>
<h1>Error codes</h1>
<p>Every error answer is <code>{"code": HTTP status, "data": null, "error": {"code", "message", "field"?, "request_id", "doc_url"}}</code>; <code>doc_url</code> links the row below. The API reference is at <a href="/docs">/docs</a>.</p>
<table><thead><tr><th>code</th><th>HTTP</th><th>meaning and what to do</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

export function registerErrorDocs(app: App): void {
  const page = renderErrorDocs();
  app.get(PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
}
