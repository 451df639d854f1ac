import { type Logger, pino } from 'pino';

/** Personal data and secrets never reach the logs, wherever they sit in a logged object. */
const REDACTED_FIELDS = [
  'ssn',
  'cellphone',
  'phone',
  'email',
  'name',
  'password',
  'api_key',
  'webhook_secret',
];

const REDACT_PATHS = [
  'req.headers["x-itechs-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'cp-insurance' } },
    destination ?? process.stdout,
  );
}
