import { z } from 'zod';
import { ConfigError } from './config-error.ts';

/** Default Postgres URL of PRODUCT.md §5. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/seleksi';
/** Default Redis URL of PRODUCT.md §5. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', ''].includes(v), {
    message: 'must be true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
    );

const positiveNumber = z.coerce.number({ message: 'must be a number' }).positive('must be greater than 0');

/** The environment contract of PRODUCT.md §5 (plus a few operational knobs). */
export const configSchema = z.object({
  DATABASE_URL: url(['postgresql:', 'postgres:']).default(DEFAULT_DATABASE_URL),
  REDIS_URL: url(['redis:', 'rediss:']).default(DEFAULT_REDIS_URL),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: url(['http:', 'https:']).default('https://api.telegram.org'),
  /** Bot username (without @) for invite deep links; when unset, `invite` asks getMe if a token is set. */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .refine((v) => /^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(v), { message: 'must be a Telegram bot username' })
    .optional(),
  TELEGRAM_WEBHOOK_URL: url(['http:', 'https:']).optional(),
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  WHATSAPP_ENABLED: bool.default(false),
  TELEGRAM_RATE_PER_SEC: positiveNumber.default(25),
  /** Updates one Telegram chat may send per second before it is slowed down (flood limit). */
  TELEGRAM_FLOOD_LIMIT: positiveNumber.default(10),
  WHATSAPP_MIN_GAP_MS: z.coerce.number({ message: 'must be a number' }).min(0).default(4000),
  /**
   * Tests and simulations only: an ES module whose default export replaces Baileys' makeWASocket
   * (same signature, a socket of the same shape).
   */
  WHATSAPP_SOCKET_MODULE: optionalString,
  /** Port of the bot's HTTP server (webhook, /healthz, /metrics). */
  HTTP_PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(8080),
  HTTP_HOST: z.string().default('0.0.0.0'),
  /** Folder where downloaded photos and documents are kept. */
  MEDIA_DIR: z.string().default('media'),
  /** Prefix of the BullMQ queue names (lets tests and tenants share one Redis). */
  QUEUE_PREFIX: z.string().default('seleksi'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Reads the configuration from an environment. Fails fast with one line naming the variable.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid ${name}: ${issue.message} (got ${JSON.stringify(input[name] ?? '')})`);
  }
  const config = parsed.data;
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  return config;
}
