import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @defaultValue 'info' */
  level?: string;
  /** Extra fields on every line (e.g. `{ role: 'bot' }`). */
  base?: Record<string, unknown>;
  /** Where lines go; defaults to stdout. Tests pass a stream to inspect the output. */
  destination?: pino.DestinationStream;
}

/** A 16-digit NIK (national id number), not part of a longer digit run. */
const NIK = /(?<!\d)\d{16}(?!\d)/g;
/** Indonesian phone numbers: +62…, 62…, 08… with optional spaces/dashes (9–15 digits in all). */
const PHONE = /(?<![\w+])(?:\+62|62|0)[\s-]?8[\d\s-]{7,14}\d(?!\d)/g;

/**
 * Masks personal data inside a string: NIK keeps its first 4 digits (the province/kabupaten part),
 * phone numbers keep their last 3 digits. Logs need neither in full (privacy of nominees).
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(NIK, (nik) => `${nik.slice(0, 4)}************`)
    .replace(PHONE, (phone) => {
      const digits = phone.replace(/\D/g, '');
      return `****${digits.slice(-3)}`;
    });
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  // pino's own error serializer keeps what matters for a diagnosis (type, code, detail, the cause
  // chain); masking its output covers the stack too, which repeats the message.
  if (value instanceof Error) return maskDeep(pino.stdSerializers.errWithCause(value), depth + 1);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/**
 * Creates the JSON logger. Every string in a log line (message and fields, nested, errors with their
 * stack and causes) goes through {@link maskPersonalData}, so a careless `log.info({ answers })` or a
 * driver error quoting a row still leaks no NIK or phone.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid, ...options.base },
      formatters: {
        log: (object) => maskDeep(object) as Record<string, unknown>,
      },
      // Errors are already serialised (and masked) by the formatter above, which runs first.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
