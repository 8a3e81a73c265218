/**
 * The webhook's edge over real HTTP: a body with the right secret but not the shape of a Telegram
 * update is logged and answered 200 (dropped, so Telegram does not send it again forever), an
 * oversized body gets 413 (not a reset connection), and hostile text reaches the handler cleaned.
 */
import { tmpdir } from 'node:os';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/channels/telegram/adapter.ts';
import type { InboundMessage, OutboundMessage } from '../../src/core/messages.ts';
import type { InboundHandler } from '../../src/core/ports.ts';
import { createHealthCheck } from '../../src/http/healthz.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { type HttpServer, startHttpServer } from '../../src/http/server.ts';
import { TelegramEmulator } from '../support/telegram-emulator.ts';

/** A logger that keeps what it was told (warnings are part of the contract: dropped updates are logged). */
function recordingLogger() {
  const lines: { msg: string; problem?: string }[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) },
  );
  return { logger, lines };
}

describe('telegram webhook edge', () => {
  let emulator: TelegramEmulator;
  let adapter: TelegramAdapter;
  let server: HttpServer;
  const seen: InboundMessage[] = [];
  const handler: InboundHandler = {
    async handle(message: InboundMessage): Promise<OutboundMessage[]> {
      seen.push(message);
      return [{ text: 'ok' }];
    },
  };
  const log = recordingLogger();
  const secret = 'rahasia-webhook-edge';
  const maxBodyBytes = 64 * 1024;

  beforeAll(async () => {
    emulator = await new TelegramEmulator().start();
    adapter = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      mediaDir: tmpdir(),
      logger: log.logger,
      webhook: { url: 'https://bot.example.org/hook/edge', secret },
    });
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: log.logger,
      health: createHealthCheck({ fine: async () => 1 }),
      metrics: createMetrics(),
      maxBodyBytes,
      webhooks: [
        {
          path: adapter.webhookPath!,
          secret,
          handle: (u) => adapter.handleWebhookUpdate(u as never),
          isStopping: () => adapter.stopping,
        },
      ],
    });
    await adapter.start(handler);
  });

  afterAll(async () => {
    await adapter.stop();
    await server.close();
    await emulator.stop();
  });

  const url = () => `http://127.0.0.1:${server.port}/hook/edge`;
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret };
  const post = (body: string) => fetch(url(), { method: 'POST', headers, body });

  it('answers 200 to a message without chat, logs it, and hands nothing to the app', async () => {
    const noChat = { update_id: 501, message: { message_id: 1, date: 1_700_000_000, text: 'halo' } };
    const response = await post(JSON.stringify(noChat));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(0);
    expect(log.lines).toContainEqual(
      expect.objectContaining({ msg: 'malformed update dropped', problem: expect.stringContaining('chat') }),
    );
  });

  it('answers 200 to other malformed shapes: a callback without from, a photo without file ids', async () => {
    const bodies = [
      { update_id: 502, callback_query: { id: 'cb', data: 'q:1', message: { chat: { id: 7 } } } },
      {
        update_id: 503,
        message: { message_id: 2, date: 1_700_000_000, chat: { id: 7 }, photo: [{ width: 1 }] },
      },
      {
        update_id: 504,
        callback_query: {
          id: 'cb2',
          from: { id: 7, first_name: 'A' },
          data: 'q:1',
          message: { chat: { id: 7 }, reply_markup: { inline_keyboard: 'no' } },
        },
      },
    ];
    for (const body of bodies) expect((await post(JSON.stringify(body))).status).toBe(200);
    expect(seen).toHaveLength(0);
  });

  it('answers 200 to a body with the right secret that is not JSON or not an update', async () => {
    expect((await post('{"update_id": 5')).status).toBe(200);
    expect((await post('{"message": {}}')).status).toBe(200);
    expect(log.lines.filter((l) => l.msg === 'webhook body is not a Telegram update; dropped')).toHaveLength(
      2,
    );
    expect(seen).toHaveLength(0);
  });

  it('answers 413 to an oversized body, by its length or as it streams, and keeps serving', async () => {
    const big = JSON.stringify({ update_id: 505, message: { text: 'x'.repeat(4 * maxBodyBytes) } });
    const sized = await post(big);
    expect(sized.status).toBe(413);
    expect(await sized.json()).toEqual({ error: 'body too large' });
    const chunk = new TextEncoder().encode('y'.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const streamed = await fetch(url(), {
      method: 'POST',
      headers,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // The server still answers normal updates afterwards.
    const fine = {
      update_id: 506,
      message: {
        message_id: 3,
        date: 1_700_000_000,
        chat: { id: 8 },
        from: { id: 8, first_name: 'B' },
        text: 'a',
      },
    };
    expect((await post(JSON.stringify(fine))).status).toBe(200);
    expect(seen.map((m) => m.messageId)).toEqual(['u506']);
  });

  it('hands hostile text, captions and names to the app cleaned (no NUL, no lone surrogate)', async () => {
    const at = { message_id: 4, date: 1_700_000_000, chat: { id: 9 } };
    const from = { id: 9, first_name: 'Bu\u0000di\ud800' };
    await post(JSON.stringify({ update_id: 507, message: { ...at, from, text: 'a\u0000b\ud800c' } }));
    await post(
      JSON.stringify({
        update_id: 508,
        message: {
          ...at,
          from,
          caption: 'foto\u0000\udc00',
          document: { file_id: 'f1', file_name: 'cv\u0000.pdf', mime_type: 'application/pdf' },
        },
      }),
    );
    const got = seen.filter((m) => m.chatId === '9');
    expect(got.map((m) => m.content)).toEqual([
      { type: 'text', text: 'ab\ufffdc' },
      expect.objectContaining({ type: 'media', caption: 'foto\ufffd', fileName: 'cv.pdf' }),
    ]);
    expect(got.map((m) => m.senderName)).toEqual(['Budi\ufffd', 'Budi\ufffd']);
  });
});
