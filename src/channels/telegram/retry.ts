import { HttpError, type Transformer } from 'grammy';
import type { Logger } from 'pino';

/** How Bot API calls are retried (see {@link retryBotApi}). */
export interface RetryOptions {
  /** Retries after the first attempt, over all causes together. @defaultValue 6 */
  maxRetries: number;
  /** First wait after a 5xx or a network error; doubles on each further one. @defaultValue 3000 */
  baseDelayMs: number;
  /**
   * Longest single wait. A 429 asking to wait longer is not waited for: the call fails at once (the
   * worker retries its notification later) instead of holding the chat for minutes. @defaultValue 120000
   */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 6, baseDelayMs: 3000, maxDelayMs: 120_000 };

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
 * A grammY API transformer that retries what a later attempt can fix, a bounded number of times:
 * - 429 Too Many Requests: waits `retry_after` seconds, as Telegram asks;
 * - 5xx, and network errors (connection refused/reset, timeout, a proxy's non-JSON error page — grammY
 *   throws these as HttpError): exponential backoff from `baseDelayMs`.
 * Other errors (4xx: blocked, chat not found, bad request) come back at once. Once the attempts are used
 * up, the last error comes back to the caller.
 *
 * A connection reset after Telegram accepted a sendMessage cannot be told apart from one before, so
 * a retried message may, rarely, arrive twice; losing a reply is the worse outcome.
 *
 * Replaces @grammyjs/auto-retry, which retries network errors forever (backoff capped at an hour)
 * and whose first 5xx wait (3 s) cannot be changed.
 */
export function retryBotApi(options: Partial<RetryOptions> = {}, log?: Logger): Transformer {
  const { maxRetries, baseDelayMs, maxDelayMs } = { ...DEFAULT_RETRY, ...options };
  return async (prev, method, payload, signal) => {
    let backoff = baseDelayMs;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= maxRetries;
      let waitMs: number;
      let why: string;
      try {
        const result = await prev(method, payload, signal);
        if (result.ok || last) return result;
        const retryAfter = result.parameters?.retry_after;
        if (typeof retryAfter === 'number') {
          if (retryAfter * 1000 > maxDelayMs) return result;
          waitMs = retryAfter * 1000;
          why = `${result.error_code} retry_after ${retryAfter}s`;
        } else if (result.error_code >= 500) {
          waitMs = backoff;
          backoff = Math.min(backoff * 2, maxDelayMs);
          why = `${result.error_code} ${result.description}`;
        } else {
          return result;
        }
      } catch (error) {
        if (last || !(error instanceof HttpError) || signal?.aborted) throw error;
        waitMs = backoff;
        backoff = Math.min(backoff * 2, maxDelayMs);
        why = error.message;
      }
      log?.warn({ method, attempt: attempt + 1, waitMs, why }, 'Bot API call failed; retrying');
      await pause(Math.min(waitMs, maxDelayMs), signal);
    }
  };
}
