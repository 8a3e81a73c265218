/**
 * Bot API retries without I/O: our network-error transformer alone, and the pair botApiRetries installs
 * (ours inside @grammyjs/auto-retry) on a real grammY Api whose fetch is scripted, so grammY's own
 * transformer order is what is tested. auto-retry's waits are real setTimeouts (3 s and up), so those
 * tests run on fake timers.
 */
import { Api, GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { botApiRetries, type RetryOptions, retryNetworkErrors } from '../../src/channels/telegram/retry.ts';

type Answer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };
/** What one request gets: a Bot API answer, or a network failure ('reset'). */
type Outcome = Answer | 'reset';

const serverError = (code = 500): Answer => ({ ok: false, error_code: code, description: 'Server Error' });
const tooMany = (seconds: number): Answer => ({
  ok: false,
  error_code: 429,
  description: `Too Many Requests: retry after ${seconds}`,
  parameters: { retry_after: seconds },
});
const refused: Answer = { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
const reset = () => new HttpError("Network request for 'sendMessage' failed!", new Error('socket hang up'));

/** A fake `prev` for a transformer: the scripted outcomes in order, then success. */
function scripted(outcomes: (Outcome | Error)[]) {
  const calls: string[] = [];
  const prev = async (method: string) => {
    calls.push(method);
    const next = outcomes.shift();
    if (next === 'reset') throw reset();
    if (next instanceof Error) throw next;
    return next ?? { ok: true as const, result: { message_id: calls.length } };
  };
  return { calls, prev: prev as never };
}

const network = { networkRetries: 3, networkBaseDelayMs: 1, networkMaxDelayMs: 10 };

describe('retryNetworkErrors (our part)', () => {
  it('retries network errors until the call succeeds', async () => {
    const api = scripted(['reset', 'reset', 'reset']);
    const result = await retryNetworkErrors(network)(api.prev, 'sendMessage', {} as never);
    expect(result).toMatchObject({ ok: true });
    expect(api.calls).toHaveLength(4);
  });

  it('gives up after networkRetries retries and throws the last HttpError', async () => {
    const api = scripted(Array.from({ length: 20 }, () => 'reset' as const));
    await expect(retryNetworkErrors(network)(api.prev, 'sendMessage', {} as never)).rejects.toBeInstanceOf(
      HttpError,
    );
    expect(api.calls).toHaveLength(4);
  });

  it('passes Bot API answers through untouched (429 and 5xx are auto-retry’s)', async () => {
    for (const answer of [serverError(502), tooMany(1), refused]) {
      const api = scripted([answer]);
      expect(await retryNetworkErrors(network)(api.prev, 'sendMessage', {} as never)).toBe(answer);
      expect(api.calls).toHaveLength(1);
    }
  });

  it('does not retry other errors', async () => {
    const bug = scripted([
      new GrammyError('x', { ok: false, error_code: 400, description: 'x' }, 'sendMessage', {}),
    ]);
    await expect(retryNetworkErrors(network)(bug.prev, 'sendMessage', {} as never)).rejects.toBeInstanceOf(
      GrammyError,
    );
    expect(bug.calls).toHaveLength(1);
  });

  it('stops when the call is aborted, before a retry and while waiting for one', async () => {
    const before = new AbortController();
    before.abort();
    const api = scripted(['reset', 'reset']);
    await expect(
      retryNetworkErrors(network)(api.prev, 'getUpdates', {} as never, before.signal as never),
    ).rejects.toBeInstanceOf(HttpError);
    expect(api.calls).toHaveLength(1);

    const during = new AbortController();
    const slow = scripted(['reset', 'reset']);
    const call = retryNetworkErrors({ ...network, networkBaseDelayMs: 60_000, networkMaxDelayMs: 60_000 })(
      slow.prev,
      'getUpdates',
      {} as never,
      during.signal as never,
    );
    await new Promise((resolve) => setImmediate(resolve)); // the first reset is in; the 60 s wait began
    during.abort();
    await expect(call).rejects.toThrow(/aborted/);
    expect(slow.calls).toHaveLength(1);
  });
});

describe('botApiRetries on a grammY Api (auto-retry outside, ours inside)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A grammY Api whose requests get the scripted outcomes in order (then success), with the retries installed. */
  function scriptedApi(outcomes: Outcome[], options: Partial<RetryOptions> = {}) {
    const requests: string[] = [];
    const fetch = async (url: string) => {
      requests.push(String(url).split('/').pop()!);
      const next = outcomes.shift() ?? { ok: true, result: { message_id: requests.length } };
      if (next === 'reset') throw new Error('socket hang up');
      return { json: async () => next };
    };
    const api = new Api('123:abc', { apiRoot: 'http://bot.api.invalid', fetch: fetch as never });
    api.config.use(...botApiRetries({ ...network, ...options }));
    return { api, requests };
  }

  /** Settles `promise`, running every timer (auto-retry's waits) it needs on the fake clock. */
  async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
    let outcome: { value?: T; error?: unknown } | undefined;
    promise.then(
      (value) => {
        outcome = { value };
      },
      (error: unknown) => {
        outcome = { error };
      },
    );
    for (let i = 0; i < 1000 && !outcome; i++) await vi.advanceTimersToNextTimerAsync();
    if (!outcome) throw new Error('the call never settled');
    return outcome;
  }

  it('retries a 500 (auto-retry) and a 429 after its retry_after', async () => {
    vi.useFakeTimers();
    const { api, requests } = scriptedApi([serverError(500), tooMany(1), serverError(502)]);
    const { value } = await settle(api.sendMessage(1, 'hai'));
    expect(value).toMatchObject({ message_id: 4 });
    expect(requests).toEqual(['sendMessage', 'sendMessage', 'sendMessage', 'sendMessage']);
  });

  it('retries a network error in the middle of auto-retry’s 5xx loop, and the loop goes on', async () => {
    vi.useFakeTimers();
    const { api, requests } = scriptedApi([serverError(500), 'reset', 'reset', serverError(503)]);
    const { value } = await settle(api.sendMessage(1, 'hai'));
    expect(value).toMatchObject({ message_id: 5 });
    expect(requests).toHaveLength(5);
  });

  it('keeps auto-retry’s count of 5xx retries across network errors (ours is inside, not outside)', async () => {
    vi.useFakeTimers();
    // 1 retry allowed: 500, (reset, 500) is two attempts of auto-retry; the success after is not reached.
    // With ours outside, the reset would restart auto-retry's loop and the call would succeed.
    const { api, requests } = scriptedApi([serverError(500), 'reset', serverError(500)], {
      maxRetryAttempts: 1,
    });
    const { error } = await settle(api.sendMessage(1, 'hai'));
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(500);
    expect(requests).toHaveLength(3);
  });

  it('gives up on 5xx after maxRetryAttempts retries', async () => {
    vi.useFakeTimers();
    const { api, requests } = scriptedApi(
      Array.from({ length: 20 }, () => serverError(500)),
      { maxRetryAttempts: 2 },
    );
    const { error } = await settle(api.sendMessage(1, 'hai'));
    expect((error as GrammyError).error_code).toBe(500);
    expect(requests).toHaveLength(3);
  });

  it('throws a network error after our retries: auto-retry does not retry it again', async () => {
    vi.useFakeTimers();
    const { api, requests } = scriptedApi(Array.from({ length: 20 }, () => 'reset' as const));
    const { error } = await settle(api.sendMessage(1, 'hai'));
    expect(error).toBeInstanceOf(HttpError);
    expect(requests).toHaveLength(network.networkRetries + 1);
  });

  it('returns a refusal (4xx) and a 429 longer than maxDelaySeconds at once', async () => {
    vi.useFakeTimers();
    for (const answer of [refused, tooMany(3600)]) {
      const { api, requests } = scriptedApi([answer]);
      const { error } = await settle(api.sendMessage(1, 'hai'));
      expect(error).toMatchObject({ error_code: (answer as { error_code: number }).error_code });
      expect(requests).toHaveLength(1);
    }
  });
});
