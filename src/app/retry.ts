/**
 * Retrying work through short database outages: connection refused or cut, Postgres restarting,
 * serialization failures and deadlocks. Anything else is a real error and is not retried — a
 * database that does not exist or a transaction API error (P2028: a transaction that could not
 * start or timed out) is a configuration or a code problem, and retrying it for a minute only keeps
 * the chat waiting.
 */

const TRANSIENT_PRISMA_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // database server timed out
  'P1008', // operation timed out
  'P1017', // server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2034', // write conflict or deadlock: retry the transaction
]);

const TRANSIENT_PG_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
]);

const TRANSIENT_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TransactionWriteConflict',
  'TooManyConnections',
]);

const TRANSIENT_MESSAGE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|connection (?:is )?closed|terminating connection|Can't reach database|timeout exceeded when trying to connect|the database system is (?:starting up|shutting down|in recovery mode)|Client has encountered a connection error|could not serialize access/i;

/** Whether an error is worth retrying: the database was briefly away or the transaction lost a race. */
export function isTransientDbError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object' && !seen.has(current); depth++) {
    seen.add(current);
    const e = current as {
      name?: unknown;
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; kind?: unknown; cause?: unknown; driverAdapterError?: unknown };
      retryable?: unknown;
    };
    if (e.retryable === true) return true;
    if (
      typeof e.code === 'string' &&
      (TRANSIENT_PRISMA_CODES.has(e.code) || TRANSIENT_PG_CODES.has(e.code))
    ) {
      return true;
    }
    if (typeof e.code === 'string' && e.code.startsWith('08')) return true; // connection_exception class
    if (typeof e.kind === 'string' && TRANSIENT_KINDS.has(e.kind)) return true;
    if (e.meta && typeof e.meta.code === 'string' && TRANSIENT_PG_CODES.has(e.meta.code)) return true;
    if (e.meta && typeof e.meta.kind === 'string' && TRANSIENT_KINDS.has(e.meta.kind)) return true;
    if (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return true;
    current = e.cause ?? e.meta?.cause ?? e.meta?.driverAdapterError;
  }
  return false;
}

/** Options of {@link retryTransient}. */
export interface RetryOptions {
  /** Give up after this long. @defaultValue 60000 */
  deadlineMs?: number;
  /** First delay; doubled after each failure up to maxDelayMs. @defaultValue 100 */
  initialDelayMs?: number;
  /** @defaultValue 5000 */
  maxDelayMs?: number;
  /** Decides what is retried. @defaultValue isTransientDbError */
  isTransient?: (error: unknown) => boolean;
  /** Told about each retried failure (for logs). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs fn until it succeeds, retrying transient failures with exponential backoff (and jitter)
 * until the deadline; then the last error is thrown. Non-transient errors are thrown at once.
 */
export async function retryTransient<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadlineMs = options.deadlineMs ?? 60_000;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const isTransient = options.isTransient ?? isTransientDbError;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = now();
  let delay = options.initialDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const left = deadlineMs - (now() - start);
      if (!isTransient(error) || left <= 0) throw error;
      const wait = Math.min(left, delay + Math.floor(Math.random() * (delay / 2)));
      options.onRetry?.(error, attempt, wait);
      await sleep(wait);
      delay = Math.min(maxDelay, delay * 2);
    }
  }
}
