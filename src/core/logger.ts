import { type Logger, pino } from 'pino';
import pinoPretty from 'pino-pretty';

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

/** `auto`: readable lines for a person at a terminal in development, JSON everywhere else. */
export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerOptions {
  format?: LogFormat;
  nodeEnv?: string;
}

function wantsPretty(
  destination: NodeJS.WritableStream,
  { format = 'json', nodeEnv }: LoggerOptions,
): boolean {
  if (format !== 'auto') return format === 'pretty';
  return nodeEnv === 'development' && (destination as { isTTY?: boolean }).isTTY === true;
}

export function createLogger(
  level: string,
  destination: NodeJS.WritableStream = process.stdout,
  options: LoggerOptions = {},
): Logger {
  // Redaction runs before either format, so a pretty line hides what a JSON line hides.
  const stream = wantsPretty(destination, options)
    ? pinoPretty({ destination, sync: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l' })
    : destination;
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'cp-insurance' } },
    stream,
  );
}
