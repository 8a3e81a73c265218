/**
 * Replies survive a flaky Bot API: the emulator fails sendMessage with 429 + retry_after, 5xx, a proxy's
 * HTML error page or a dropped connection, and the user still gets each reply exactly once.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundHandler } from '../../src/channels/core/adapter.ts';
import type { InboundMessage, OutboundMessage } from '../../src/channels/core/messages.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/channels/telegram/adapter.ts';
import { type EmulatedUser, type Fault, TelegramEmulator } from '../support/telegram-emulator.ts';

const logger = pino({ level: 'silent' });
const MAX_RETRIES = 4;

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
      retry: { maxRetries: MAX_RETRIES, baseDelayMs: 20, maxDelayMs: 5000 },
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

  const cases: [string, Fault, number][] = [
    [
      '429 with retry_after',
      {
        status: 429,
        body: { description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      },
      2,
    ],
    ['500', { status: 500, body: { description: 'Internal Server Error' } }, 3],
    [
      '502 with an HTML page (a proxy)',
      { status: 502, html: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      3,
    ],
    ['a dropped connection', { reset: true }, 3],
  ];

  cases.forEach(([what, fault, times], i) => {
    it(`delivers each reply exactly once after ${times} × ${what}`, async () => {
      const user = emulator.user(3001 + i, `Pengguna${i}`);
      emulator.fail('sendMessage', fault, times);
      const got = await exchange(user, `tes ${i}`);
      expect(got).toEqual({ echo: 1, done: 1 });
      expect(emulator.pendingFaults()).toBe(0);
      // The faulted attempts, then one call per reply.
      expect(sendsTo(3001 + i)).toHaveLength(times + 2);
    });
  });

  it('gives up on one reply after its retries, and still sends the next one', async () => {
    const user = emulator.user(3101, 'Rina');
    emulator.fail('sendMessage', { reset: true }, MAX_RETRIES + 1);
    const got = await exchange(user, 'putus');
    expect(got).toEqual({ echo: 0, done: 1 });
    expect(sendsTo(3101)).toHaveLength(MAX_RETRIES + 2);
  });

  it('lets a notification fail after its retries (the worker retries the job), and succeed after fewer faults', async () => {
    emulator.fail(
      'sendMessage',
      { status: 503, body: { description: 'Service Unavailable' } },
      MAX_RETRIES + 1,
    );
    await expect(
      adapter.send('3201', { text: '✅ Nominasi tercatat: KALSEL-2026-TKSK-010' }),
    ).rejects.toThrow();
    expect(emulator.messagesTo(3201)).toHaveLength(0);
    emulator.fail('sendMessage', { reset: true }, 2);
    await adapter.send('3201', { text: '✅ Nominasi tercatat: KALSEL-2026-TKSK-010' });
    expect(emulator.messagesTo(3201).map((m) => m.text)).toEqual([
      '✅ Nominasi tercatat: KALSEL-2026-TKSK-010',
    ]);
    expect(sendsTo(3201)).toHaveLength(MAX_RETRIES + 1 + 3);
  });
});
