import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Transformer } from 'grammy';
import type { Logger } from 'pino';

/** How Bot API calls are retried (see {@link botApiRetries}). */
export interface RetryOptions {
  /**
   * auto-retry: retries of a call Telegram answered with 429 or 5xx. 5xx waits are auto-retry's own:
   * 3 s, doubling. @defaultValue 6
   */
  maxRetryAttempts: number;
  /**
   * auto-retry: the longest `retry_after` (seconds) waited for. A 429 asking for more fails the call at
   * once (the worker retries its notification later) instead of holding the chat. @defaultValue 120
   */
  maxDelaySeconds: number;
  /** Ours: retries of a network error, within each request auto-retry makes. @defaultValue 5 */
  networkRetries: number;
  /** Ours: first wait after a network error; doubles on each further one. @defaultValue 1000 */
  networkBaseDelayMs: number;
  /** Ours: the longest wait between network retries. @defaultValue 30000 */
  networkMaxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetryAttempts: 6,
  maxDelaySeconds: 120,
  networkRetries: 5,
  networkBaseDelayMs: 1000,
  networkMaxDelayMs: 30_000,
};

/** grammY's AbortSignal type (from abort-controller) lacks parts of Node's; only these are used. */
interface Abortable {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

function pause(ms: number, signal: Abortable | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('Bot API call aborted while waiting to retry'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Our part of the retries: a network error (connection refused or reset, timeout, a proxy's non-JSON
 * error page — grammY throws all of these as HttpError) is retried with exponential backoff from
 * `networkBaseDelayMs`, at most `networkRetries` times; then the last HttpError is thrown. Nothing else
 * is retried here: Bot API answers (ok or not) pass through untouched for auto-retry, other errors are
 * thrown at once, and an aborted call (the runner stopping) is not retried.
 *
 * This part is ours because @grammyjs/auto-retry (2.0.2) has no bound for network errors: without
 * `rethrowHttpErrors` it retries them forever, with a backoff growing to an hour; with it, it does not
 * retry them at all.
 *
 * A connection reset after Telegram accepted a sendMessage cannot be told apart from one before, so a
 * retried message may, rarely, arrive twice; losing a reply is the worse outcome.
 */
export function retryNetworkErrors(
  options: Pick<RetryOptions, 'networkRetries' | 'networkBaseDelayMs' | 'networkMaxDelayMs'>,
  log?: Logger,
): Transformer {
  const { networkRetries, networkBaseDelayMs, networkMaxDelayMs } = options;
  return async (prev, method, payload, signal) => {
    let waitMs = networkBaseDelayMs;
    for (let retry = 0; ; retry++) {
      try {
        const result = await prev(method, payload, signal);
        if (!result.ok && (result.error_code === 429 || result.error_code >= 500))
          log?.warn({ method, code: result.error_code, why: result.description }, 'Bot API call failed');
        return result;
      } catch (error) {
        if (retry >= networkRetries || !(error instanceof HttpError) || signal?.aborted) throw error;
        const ms = Math.min(waitMs, networkMaxDelayMs);
        log?.warn(
          { method, retry: retry + 1, waitMs: ms, why: error.message },
          'Bot API unreachable; retrying',
        );
        await pause(ms, signal);
        waitMs *= 2;
      }
    }
  };
}

/**
 * The transformers that retry Bot API calls, in the order to install them (`api.config.use(...these)`):
 * - @grammyjs/auto-retry (issue 4) for what Telegram answers: 429 waits `retry_after` (up to
 *   `maxDelaySeconds`; longer is returned at once), 5xx backs off from 3 s doubling, at most
 *   `maxRetryAttempts` retries; other 4xx come back at once. `rethrowHttpErrors` makes it leave
 *   network errors alone.
 * - {@link retryNetworkErrors} for network errors, bounded.
 *
 * grammY makes each transformer installed later wrap the ones installed before, so ours goes first:
 * it sits inside auto-retry and wraps each single request. A reset in the middle of auto-retry's 5xx
 * loop is retried there, and that loop goes on with its own count; once our retries are used up the
 * HttpError passes through auto-retry (rethrown) to the caller. Installed the other way round, every
 * network error would restart auto-retry's loop with a fresh count of 5xx retries.
 *
 * At most (maxRetryAttempts + 1) × (networkRetries + 1) requests per call. Note that auto-retry also
 * waits once after the last failed 5xx before returning it: with the defaults a persistent 500 comes
 * back after 7 requests and 3 + 6 + … + 192 = 381 s.
 */
export function botApiRetries(options: Partial<RetryOptions> = {}, log?: Logger): Transformer[] {
  const o = { ...DEFAULT_RETRY, ...options };
  return [
    retryNetworkErrors(o, log),
    autoRetry({
      maxRetryAttempts: o.maxRetryAttempts,
      maxDelaySeconds: o.maxDelaySeconds,
      rethrowHttpErrors: true,
    }),
  ];
}
