#!/usr/bin/env node
// In production the compiled build runs (`npm run build` makes dist/), with no TypeScript loader;
// elsewhere the sources run through tsx, so there is no build step between a change and a run.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(compiled)) {
    process.stderr.write('cp-insurance: no compiled build in dist/. Run `npm run build` first.\n');
    process.exit(1);
  }
  const { main } = await import(compiled.href);
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api').catch(() => {
    process.stderr.write(
      'cp-insurance: the sources run through tsx, a dev dependency: run `npm ci`, or `npm run build` and set NODE_ENV=production.\n',
    );
    process.exit(1);
  });
  register();
  const { main } = await import('../src/main.ts');
  await main(process.argv);
}
