import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { retryBotApi } from '../../src/channels/telegram/retry.ts';

type Answer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** A fake Bot API: answers (or throws) the scripted outcomes in order, then succeeds. */
function scripted(outcomes: (Answer | Error)[]) {
  const calls: string[] = [];
  const prev = async (method: string) => {
    calls.push(method);
    const next = outcomes.shift();
    if (next instanceof Error) throw next;
    return next ?? { ok: true as const, result: { message_id: calls.length } };
  };
  return { calls, prev: prev as never };
}

const reset = () => new HttpError("Network request for 'sendMessage' failed!", new Error('socket hang up'));
const serverError = (code = 500): Answer => ({
  ok: false,
  error_code: code,
  description: 'Internal Server Error',
});
const fast = { baseDelayMs: 1, maxDelayMs: 1000 };

describe('retryBotApi', () => {
  it('retries network errors and 5xx until the call succeeds', async () => {
    const api = scripted([reset(), serverError(502), reset(), serverError(500)]);
    const result = await retryBotApi({ ...fast, maxRetries: 6 })(api.prev, 'sendMessage', {} as never);
    expect(result).toMatchObject({ ok: true });
    expect(api.calls).toHaveLength(5);
  });

  it('gives up on network errors after maxRetries retries and throws the last one', async () => {
    const api = scripted(Array.from({ length: 20 }, reset));
    await expect(
      retryBotApi({ ...fast, maxRetries: 3 })(api.prev, 'sendMessage', {} as never),
    ).rejects.toBeInstanceOf(HttpError);
    expect(api.calls).toHaveLength(4);
  });

  it('gives up on 5xx after maxRetries retries and returns the error', async () => {
    const api = scripted(Array.from({ length: 20 }, () => serverError()));
    const result = await retryBotApi({ ...fast, maxRetries: 2 })(api.prev, 'sendMessage', {} as never);
    expect(result).toMatchObject({ ok: false, error_code: 500 });
    expect(api.calls).toHaveLength(3);
  });

  it('does not retry a refusal (4xx) or other errors', async () => {
    const refused = scripted([
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    ]);
    const result = await retryBotApi(fast)(refused.prev, 'sendMessage', {} as never);
    expect(result).toMatchObject({ ok: false, error_code: 403 });
    expect(refused.calls).toHaveLength(1);
    const bug = scripted([
      new GrammyError('x', { ok: false, error_code: 400, description: 'x' }, 'sendMessage', {}),
    ]);
    await expect(retryBotApi(fast)(bug.prev, 'sendMessage', {} as never)).rejects.toBeInstanceOf(GrammyError);
    expect(bug.calls).toHaveLength(1);
  });

  it('does not wait for a 429 whose retry_after is longer than maxDelayMs', async () => {
    const api = scripted([
      { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 3600 } },
    ]);
    const result = await retryBotApi(fast)(api.prev, 'sendMessage', {} as never);
    expect(result).toMatchObject({ ok: false, error_code: 429 });
    expect(api.calls).toHaveLength(1);
  });

  it('stops retrying when the call is aborted', async () => {
    const controller = new AbortController();
    const api = scripted([reset(), reset()]);
    controller.abort();
    await expect(
      retryBotApi(fast)(api.prev, 'getUpdates', {} as never, controller.signal as never),
    ).rejects.toBeInstanceOf(HttpError);
    expect(api.calls).toHaveLength(1);
  });
});
