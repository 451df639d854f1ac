import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../src/core/logger.js';

test('logs redact the API key, resident number, phone and email wherever they sit', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  logger.info(
    {
      req: {
        headers: { 'x-itechs-api-key': 'cpi_test_secretkey', authorization: 'Bearer t', cookie: 's=1' },
      },
      customer: { ssn: '8609061000000', cellphone: '01012345678', email: 'a@example.com', name: '홍길동' },
      body: { customer: { ssn: '8609061000000' } },
    },
    'request',
  );
  const line = lines.join('');
  for (const secret of [
    'cpi_test_secretkey',
    'Bearer t',
    '8609061000000',
    '01012345678',
    'a@example.com',
    '홍길동',
  ]) {
    assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  }
  assert.match(line, /\[redacted\]/);
});
