import { cpSync } from 'node:fs';
import { extname } from 'node:path';

/**
 * `tsc` emits only JavaScript: the files the server reads beside its modules (migrations, the
 * reference device list) are copied into dist/ at the same relative paths.
 */
const SOURCE_ONLY = new Set(['.ts', '.js']);
cpSync('src', 'dist', {
  recursive: true,
  filter: (path) => extname(path) === '' || !SOURCE_ONLY.has(extname(path)),
});
