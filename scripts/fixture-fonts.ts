/**
 * The font the tests' per-phone screenshots are drawn with: NanumGothic's TTF files from an npm
 * package, never the machine's fonts. A fontconfig file naming only that folder is set as
 * FONTCONFIG_FILE before the first text is rendered, so a screenshot comes out the same on a bare
 * machine (no Korean fonts installed) as on one with every font, and system fonts never leak in.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FIXTURE_FONT = 'NanumGothic';
const FONT_PACKAGE = '@expo-google-fonts/nanum-gothic';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let configured = false;

/** Points fontconfig (used by sharp's librsvg) at the packaged font alone. Idempotent. */
export function selectFixtureFont(): void {
  if (configured) return;
  const fonts = dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/package.json`));
  // One folder per font path: every test process shares it and its font cache.
  const id = createHash('sha256').update(fonts).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `cp-insurance-fonts-${id}`);
  mkdirSync(dir, { recursive: true });
  const config = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${escapeXml(fonts)}</dir>`,
    `  <cachedir>${escapeXml(join(dir, 'cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  const file = join(dir, 'fonts.conf');
  // Written whole, then renamed: a process starting meanwhile never reads half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, config);
  renameSync(partial, file);
  process.env.FONTCONFIG_FILE = file;
  configured = true;
}
