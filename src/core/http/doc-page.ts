/** The plain HTML the documentation pages under /docs share (the API reference itself is Swagger UI). */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char,
  );

/** `code` spans in a line of the tables' prose, escaped. */
export const inlineCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}td{padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}tr:target{background:#fff6d6}pre{background:#f4f4f4;padding:.8rem;overflow-x:auto}';

export function docPage(options: { title: string; lang?: string; body: string }): string {
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head><body>
${options.body}
</body></html>`;
}
