/**
 * Replies survive a flaky Bot API: the emulator fails sendMessage with 429 + retry_after, 5xx, a proxy's
 * HTML error page or a dropped connection, and the user still gets each reply exactly once. 429 and 5xx
 * are @grammyjs/auto-retry's (its 5xx waits are fixed: 3 s, then 6 s…, so few 5xx faults are used); the
 * HTML page and dropped connections are network errors, retried by our transformer (retry.ts).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/channels/telegram/adapter.ts';
import type { InboundMessage, OutboundMessage } from '../../src/core/messages.ts';
import type { InboundHandler } from '../../src/core/ports.ts';
import { type EmulatedUser, type Fault, TelegramEmulator } from '../support/telegram-emulator.ts';

const logger = pino({ level: 'silent' });
const NETWORK_RETRIES = 4;
/** Our network retries, fast; auto-retry's 429/5xx settings stay the adapter's defaults. */
const network = { networkRetries: NETWORK_RETRIES, networkBaseDelayMs: 20, networkMaxDelayMs: 200 };

/** Answers every text with an echo and then a question (two sendMessage calls per update). */
const handler: InboundHandler = {
  async handle(message: InboundMessage): Promise<OutboundMessage[]> {
    const text = message.content.type === 'text' ? message.content.text : message.content.type;
    return [{ text: `echo: ${text}` }, { text: `selesai: ${text}` }];
  },
};

describe('telegram replies when the Bot API fails', () => {
  let emulator: TelegramEmulator;
  let adapter: TelegramAdapter;

  beforeAll(async () => {
    emulator = await new TelegramEmulator().start();
    adapter = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      mediaDir: '/nonexistent',
      logger,
      pollTimeoutSeconds: 1,
      retry: network,
    });
    await adapter.start(handler);
  });

  afterAll(async () => {
    await adapter.stop();
    await emulator.stop();
  });

  const sendsTo = (chat: number) =>
    emulator.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(chat));

  /** Sends `text`, waits for both replies, and returns how often each arrived. */
  async function exchange(user: EmulatedUser, text: string): Promise<{ echo: number; done: number }> {
    user.markRead();
    user.send(text);
    await user.waitFor(`selesai: ${text}`);
    return {
      echo: user.messages.filter((m) => m.text === `echo: ${text}`).length,
      done: user.messages.filter((m) => m.text === `selesai: ${text}`).length,
    };
  }

  const internalError: Fault = { status: 500, body: { description: 'Internal Server Error' } };
  const reset: Fault = { reset: true };
  const cases: [string, Fault[]][] = [
    [
      '429 with retry_after 1',
      [
        {
          status: 429,
          body: { description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
        },
      ],
    ],
    ['a 500', [internalError]],
    [
      '3 × 502 with an HTML page (a proxy)',
      Array.from({ length: 3 }, () => ({
        status: 502,
        html: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      })),
    ],
    ['3 dropped connections', [reset, reset, reset]],
    ['a 500, then a dropped connection in auto-retry’s second attempt', [internalError, reset]],
  ];

  cases.forEach(([what, faults], i) => {
    it(`delivers each reply exactly once after ${what}`, async () => {
      const user = emulator.user(3001 + i, `Pengguna${i}`);
      for (const fault of faults) emulator.fail('sendMessage', fault);
      const got = await exchange(user, `tes ${i}`);
      expect(got).toEqual({ echo: 1, done: 1 });
      expect(emulator.pendingFaults()).toBe(0);
      // The faulted attempts, then one call per reply.
      expect(sendsTo(3001 + i)).toHaveLength(faults.length + 2);
    });
  });

  it('gives up on one reply after its network retries, and still sends the next one', async () => {
    const user = emulator.user(3101, 'Rina');
    emulator.fail('sendMessage', reset, NETWORK_RETRIES + 1);
    const got = await exchange(user, 'putus');
    expect(got).toEqual({ echo: 0, done: 1 });
    expect(sendsTo(3101)).toHaveLength(NETWORK_RETRIES + 2);
  });

  it('lets a notification fail after its 5xx retries (the worker retries the job), and succeed after fewer network errors', async () => {
    // One 5xx retry instead of six: auto-retry waits 3 s, then 6 s, before giving up.
    const sender = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      mediaDir: '/nonexistent',
      logger,
      retry: { ...network, maxRetryAttempts: 1 },
    });
    const notification = { text: '✅ Nominasi tercatat: KALSEL-2026-TKSK-010' };
    emulator.fail('sendMessage', { status: 503, body: { description: 'Service Unavailable' } }, 3);
    await expect(sender.send('3201', notification)).rejects.toThrow(/503|Service Unavailable/);
    expect(emulator.messagesTo(3201)).toHaveLength(0);
    expect(sendsTo(3201)).toHaveLength(2);
    expect(emulator.pendingFaults()).toBe(1);
    emulator.fail('sendMessage', reset, 2);
    // The 503 left over, then two resets (ours, inside auto-retry's attempt), then success.
    await sender.send('3201', notification);
    expect(emulator.messagesTo(3201).map((m) => m.text)).toEqual([notification.text]);
    expect(sendsTo(3201)).toHaveLength(2 + 4);
    expect(emulator.pendingFaults()).toBe(0);
  });
});
