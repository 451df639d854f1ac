import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, type LoggerOptions } from '../../src/core/logger.js';

const SECRETS = ['cpi_test_secretkey', 'Bearer t', '8609061000000', '01012345678', 'a@example.com', '홍길동'];

/** A logger's whole output for one request line carrying every kind of secret. */
function logged(options: LoggerOptions, destination: { isTTY?: boolean } = {}): string {
  const lines: string[] = [];
  const sink = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
    destination,
  );
  createLogger('info', sink, options).info(
    {
      req: {
        headers: { 'x-itechs-api-key': 'cpi_test_secretkey', authorization: 'Bearer t', cookie: 's=1' },
      },
      customer: { ssn: '8609061000000', cellphone: '01012345678', email: 'a@example.com', name: '홍길동' },
      body: { customer: { ssn: '8609061000000' } },
    },
    'request',
  );
  return lines.join('');
}

for (const [format, options, tty] of [
  ['JSON', { format: 'json' }, {}],
  ['pretty', { format: 'pretty' }, {}],
  ['auto at a development terminal (pretty)', { format: 'auto', nodeEnv: 'development' }, { isTTY: true }],
] as const) {
  test(`${format} logs redact the API key, resident number, phone and email wherever they sit`, () => {
    const line = logged(options, tty);
    for (const secret of SECRETS) assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
    assert.match(line, /\[redacted\]/);
  });
}

test('auto: readable at a development terminal; JSON in production, when piped, or by default', () => {
  const isJson = (text: string) => {
    try {
      return JSON.parse(text).msg === 'request';
    } catch {
      return false;
    }
  };
  const pretty = logged({ format: 'auto', nodeEnv: 'development' }, { isTTY: true });
  assert.ok(!isJson(pretty));
  assert.match(pretty, /INFO.*request/);
  assert.ok(isJson(logged({ format: 'auto', nodeEnv: 'production' }, { isTTY: true })));
  assert.ok(isJson(logged({ format: 'auto', nodeEnv: 'development' }, { isTTY: false })));
  assert.ok(isJson(logged({})));
});
