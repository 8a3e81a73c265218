import { HttpError, type Transformer } from 'grammy';
import type { Logger } from 'pino';

/** How Bot API calls are retried (see {@link botApiRetries}). */
export interface RetryOptions {
  /** Retries of a call Telegram answered with 429 (`retry_after`) or 5xx. @defaultValue 6 */
  maxRetryAttempts: number;
  /**
   * The longest `retry_after` (seconds) waited for. A 429 asking for more fails the call at once (the
   * worker retries its notification later) instead of holding the chat. @defaultValue 120
   */
  maxDelaySeconds: number;
  /** First wait after a 5xx; doubles on each further one (up to an hour). @defaultValue 3000 */
  serverErrorDelayMs: number;
  /** Retries of a network error, within each request of the 429/5xx loop. @defaultValue 5 */
  networkRetries: number;
  /** First wait after a network error; doubles on each further one. @defaultValue 1000 */
  networkBaseDelayMs: number;
  /** The longest wait between network retries. @defaultValue 30000 */
  networkMaxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetryAttempts: 6,
  maxDelaySeconds: 120,
  serverErrorDelayMs: 3000,
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

/** The longest wait between 5xx retries (as @grammyjs/auto-retry's). */
const MAX_SERVER_ERROR_DELAY_MS = 3_600_000;

/**
 * What Telegram answered: a 429 with `parameters.retry_after` up to `maxDelaySeconds` is retried after
 * that many seconds; a 5xx after `serverErrorDelayMs`, doubling on each further one (a 429 starts it
 * over); at most `maxRetryAttempts` retries, then the last answer is returned (grammY throws it as a
 * GrammyError). Other answers, and 429s asking for longer, are returned at once; errors (network
 * errors past {@link retryNetworkErrors}) pass through.
 *
 * The behaviour of @grammyjs/auto-retry 2.0.2 with `rethrowHttpErrors`, which this replaces so that
 * the 5xx wait can be set (auto-retry's is fixed at 3 s; the end-to-end tests wait milliseconds). Like
 * it, it also waits once after the last failed 5xx before returning it.
 */
export function retryBotApiAnswers(
  options: Pick<RetryOptions, 'maxRetryAttempts' | 'maxDelaySeconds' | 'serverErrorDelayMs'>,
): Transformer {
  const { maxRetryAttempts, maxDelaySeconds, serverErrorDelayMs } = options;
  return async (prev, method, payload, signal) => {
    let retriesLeft = maxRetryAttempts;
    let serverWaitMs = serverErrorDelayMs;
    for (;;) {
      const result = await prev(method, payload, signal);
      if (result.ok) return result;
      const retryAfter = result.parameters?.retry_after;
      if (typeof retryAfter === 'number' && retryAfter <= maxDelaySeconds) {
        await pause(retryAfter * 1000, signal);
        serverWaitMs = serverErrorDelayMs;
      } else if (result.error_code >= 500) {
        await pause(serverWaitMs, signal);
        serverWaitMs = Math.min(serverWaitMs * 2, MAX_SERVER_ERROR_DELAY_MS);
      } else return result;
      if (retriesLeft-- <= 0) return result;
    }
  };
}

/**
 * Our part of the retries: a network error (connection refused or reset, timeout, a proxy's non-JSON
 * error page — grammY throws all of these as HttpError) is retried with exponential backoff from
 * `networkBaseDelayMs`, at most `networkRetries` times; then the last HttpError is thrown. Nothing else
 * is retried here: Bot API answers (ok or not) pass through untouched for {@link retryBotApiAnswers},
 * other errors are thrown at once, and an aborted call (the runner stopping) is not retried.
 *
 * @grammyjs/auto-retry (2.0.2) had no bound for network errors: without `rethrowHttpErrors` it retries
 * them forever, with a backoff growing to an hour; with it, it does not retry them at all.
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
 * - {@link retryNetworkErrors} for network errors, bounded;
 * - {@link retryBotApiAnswers} (issue 4) for what Telegram answers: 429 waits `retry_after` (up to
 *   `maxDelaySeconds`; longer is returned at once), 5xx backs off from `serverErrorDelayMs` doubling, at
 *   most `maxRetryAttempts` retries; other 4xx come back at once.
 *
 * grammY makes each transformer installed later wrap the ones installed before, so the network one
 * goes first: it sits inside the answers' loop and wraps each single request. A reset in the middle of
 * the 5xx loop is retried there, and that loop goes on with its own count; once the network retries are
 * used up the HttpError passes through to the caller. Installed the other way round, every network
 * error would restart the 5xx loop with a fresh count of retries.
 *
 * At most (maxRetryAttempts + 1) × (networkRetries + 1) requests per call. The answers' loop also waits
 * once after the last failed 5xx before returning it: with the defaults a persistent 500 comes back
 * after 7 requests and 3 + 6 + … + 192 = 381 s.
 */
export function botApiRetries(options: Partial<RetryOptions> = {}, log?: Logger): Transformer[] {
  const o = { ...DEFAULT_RETRY, ...options };
  return [retryNetworkErrors(o, log), retryBotApiAnswers(o)];
}
