import { readFileSync } from 'node:fs';
import { Marked } from 'marked';
import { docPage } from './doc-page.js';
import type { App } from './server.js';

/** docs/quickstart.md, the one source: the README links it and CI runs its code blocks. */
const SOURCE = new URL('../../../docs/quickstart.md', import.meta.url);

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

/** The quick-start as HTML, headings with ids so that #english and #한국어 links land. */
export function renderQuickstart(markdown = readFileSync(SOURCE, 'utf8')): string {
  const marked = new Marked({
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  return docPage({ title: 'cp-insurance quick-start', body: marked.parse(markdown, { async: false }) });
}

export function registerQuickstartDocs(app: App): void {
  const page = renderQuickstart();
  app.get('/docs/quickstart', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
}
