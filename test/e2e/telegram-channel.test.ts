/**
 * The Telegram adapter and HTTP server against the Bot API emulator, with a scripted in-memory
 * handler (no database): polling, buttons, media, dedupe, flood limit, retries, webhook secret.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/channels/telegram/adapter.ts';
import type { InboundMessage, OutboundMessage } from '../../src/core/messages.ts';
import type { InboundHandler } from '../../src/core/ports.ts';
import { createHealthCheck } from '../../src/http/healthz.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { type HttpServer, startHttpServer } from '../../src/http/server.ts';
import { TelegramEmulator } from '../support/telegram-emulator.ts';

const logger = pino({ level: 'silent' });

/** Echoes what it got and asks a question with two choices. */
function recordingHandler(): InboundHandler & { seen: InboundMessage[] } {
  const seen: InboundMessage[] = [];
  return {
    seen,
    async handle(message: InboundMessage): Promise<OutboundMessage[]> {
      seen.push(message);
      const c = message.content;
      const echo =
        c.type === 'text' ? c.text : c.type === 'choice' ? `choice ${c.value} ${c.token}` : `${c.type}`;
      // A dossier's photo asked for again: sent by its file_id after the text.
      if (c.type === 'text' && c.text === 'lampiran')
        return [
          { text: '📎 Lampiran', files: [{ kind: 'photo', fileRef: 'AgAC-foto-1', caption: 'Dapur' }] },
        ];
      return [
        { text: `echo: ${echo}` },
        {
          text: 'Jenis kelamin?',
          token: 'q-gender',
          choices: [
            { value: 'L', label: 'Laki-laki' },
            { value: 'P', label: 'Perempuan' },
          ],
        },
      ];
    },
  };
}

describe('telegram channel, long polling', () => {
  let emulator: TelegramEmulator;
  let adapter: TelegramAdapter;
  let mediaDir: string;
  const handler = recordingHandler();

  beforeAll(async () => {
    emulator = await new TelegramEmulator().start();
    mediaDir = await mkdtemp(join(tmpdir(), 'seleksi-media-'));
    adapter = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      mediaDir,
      logger,
      floodLimit: { limit: 5, timeFrameMs: 1000 },
      pollTimeoutSeconds: 1,
    });
    await adapter.start(handler);
  });

  afterAll(async () => {
    await adapter.stop();
    await emulator.stop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('publishes the command menu in id (default) and en', () => {
    expect(emulator.commands.get('')?.map((c) => c.command)).toEqual([
      'nominasi',
      'nilai',
      'status',
      'hasil',
      'batal',
      'kembali',
      'bantuan',
      'bahasa',
    ]);
    expect(emulator.commands.get('en')?.[0]).toMatchObject({
      command: 'nominasi',
      description: 'Nominate a candidate',
    });
  });

  it('passes /start CODE as text and renders choices as buttons', async () => {
    const user = emulator.user(1001, 'Ani');
    await user.ask('/start KODE1234', 'Jenis kelamin?');
    expect(user.messages[0]!.text).toBe('echo: /start KODE1234');
    expect(user.messages[1]!.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
      '1. Laki-laki',
      '2. Perempuan',
    ]);
  });

  it("sends a dossier's photos after the text when asked", async () => {
    const user = emulator.user(1011, 'Juri');
    await user.ask('lampiran', 'Dapur');
    expect(user.messages.map((m) => [m.text, m.photo])).toEqual([
      ['📎 Lampiran', undefined],
      ['Dapur', 'AgAC-foto-1'],
    ]);
  });

  it('answers every button press and hands the choice value and token to the app', async () => {
    const user = emulator.user(1002, 'Budi');
    await user.ask('halo', 'Jenis kelamin?');
    user.markRead();
    const pressed = user.messages.at(-1)!;
    user.press('Perempuan');
    await user.waitFor('echo: choice P q-gender');
    expect(emulator.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
    // The answered question's buttons are taken away.
    await user.waitFor('Jenis kelamin?');
    expect(emulator.calls.some((c) => c.method === 'editMessageReplyMarkup')).toBe(true);
    expect(pressed.reply_markup).toBeUndefined();
  });

  it('keeps the file_id of a photo and downloads a copy into the media folder', async () => {
    const user = emulator.user(1003, 'Citra');
    user.markRead();
    user.sendPhoto('FOTO-SK');
    await user.waitFor('echo: media');
    const got = handler.seen.find((m) => m.chatId === '1003' && m.content.type === 'media');
    expect(got?.content).toMatchObject({ type: 'media', kind: 'photo', fileRef: 'FOTO-SK' });
    const localPath = got?.content.type === 'media' ? got.content.localPath : undefined;
    expect(localPath).toBeDefined();
    expect(await readdir(join(mediaDir, 'telegram'))).toContain('uFOTO-SK.jpg');
  });

  it('goes on without a local copy when the download fails', async () => {
    const user = emulator.user(1007, 'Gilang');
    emulator.failNext('getFile', 400, { description: 'Bad Request: file is too big' });
    user.markRead();
    user.sendPhoto('FOTO-BESAR');
    await user.waitFor('echo: media');
    const got = handler.seen.find((m) => m.chatId === '1007');
    expect(got?.content).toMatchObject({ type: 'media', fileRef: 'FOTO-BESAR' });
    expect(got?.content.type === 'media' && got.content.localPath).toBeFalsy();
  });

  it('does not retry a message Telegram refuses (403 blocked), and does not throw', async () => {
    emulator.failNext('sendMessage', 403, { description: 'Forbidden: bot was blocked by the user' });
    const to1008 = () =>
      emulator.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === '1008');
    await adapter.send('1008', { text: '✅ Nominasi tercatat: KALSEL-2026-TKSK-009' });
    expect(to1008()).toHaveLength(1);
    expect(emulator.messagesTo(1008)).toHaveLength(0);
  });

  it('retries a reply after 429 with retry_after', async () => {
    const user = emulator.user(1004, 'Dewi');
    emulator.failNext('sendMessage', 429, {
      description: 'Too Many Requests',
      parameters: { retry_after: 1 },
    });
    await user.ask('tolong', 'echo: tolong');
  });

  it('slows down one flooding chat without slowing another', async () => {
    const flooder = emulator.user(1005, 'Eko');
    const calm = emulator.user(1006, 'Fitri');
    flooder.markRead();
    for (let i = 0; i < 50; i++) flooder.send(`spam ${i}`);
    await flooder.waitFor('terlalu cepat');
    await calm.ask('halo juga', 'echo: halo juga');
    await new Promise((r) => setTimeout(r, 500));
    const handled = handler.seen.filter((m) => m.chatId === '1005').length;
    expect(handled).toBeLessThanOrEqual(10);
    expect(handled).toBeGreaterThanOrEqual(1);
    expect(flooder.messages.filter((m) => m.text.includes('terlalu cepat'))).toHaveLength(1);
  });
});

describe('telegram channel, webhook mode', () => {
  let emulator: TelegramEmulator;
  let adapter: TelegramAdapter;
  let server: HttpServer;
  const handler = recordingHandler();
  const metrics = createMetrics();
  const secret = 'rahasia-webhook-123';

  beforeAll(async () => {
    emulator = await new TelegramEmulator().start();
    adapter = createTelegramAdapter({
      token: emulator.token,
      apiRoot: emulator.apiRoot,
      mediaDir: tmpdir(),
      logger,
      webhook: { url: 'https://bot.example.org/hook/telegram', secret },
      metrics: metrics.channel,
    });
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      health: createHealthCheck({
        fine: async () => 1,
        broken: async () => Promise.reject(new Error('down')),
      }),
      metrics,
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

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${server.port}/hook/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const update = (updateId: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1_700_000_000,
      chat: { id: 2001, type: 'private', first_name: 'Gita' },
      from: { id: 2001, is_bot: false, first_name: 'Gita' },
      text,
    },
  });

  it('registers the webhook with the secret token', () => {
    expect(emulator.webhook).toEqual({ url: 'https://bot.example.org/hook/telegram', secret });
  });

  it('rejects a missing or wrong secret with 401 and handles nothing', async () => {
    expect((await post(update(1, 'a'))).status).toBe(401);
    expect((await post(update(2, 'b'), { 'x-telegram-bot-api-secret-token': 'salah' })).status).toBe(401);
    expect(handler.seen).toHaveLength(0);
  });

  it('handles an update with the right secret once, even when posted twice', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': secret };
    expect((await post(update(10, 'pertama'), headers)).status).toBe(200);
    expect((await post(update(10, 'pertama'), headers)).status).toBe(200);
    expect(handler.seen.map((m) => m.messageId)).toEqual(['u10']);
    expect(emulator.messagesTo(2001).filter((m) => m.text === 'echo: pertama')).toHaveLength(1);
  });

  it('answers /healthz with what failed, and /metrics in Prometheus format', async () => {
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, checks: { fine: 'ok', broken: 'unreachable: down' } });
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    expect(text).toContain('seleksi_updates_handled_total{channel="telegram",type="text"} 1');
    expect(text).toContain('seleksi_reply_seconds_bucket');
  });
});
