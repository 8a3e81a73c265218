/**
 * An admin publishes the results from a Telegram chat: `status`, then `umumkan` (a confirmation that
 * says how many recipients and how long), then `umumkan ya`; the members get the ranking and the
 * admin's `status` shows the broadcast. A kabupaten admin cannot publish the province's seleksi.
 * The app (bot and worker in one process) runs against the Bot API emulator with flood limits.
 *
 * The emulator's limit per chat is out of the way here (1,000 a second, not Telegram's 1, which
 * Telegram itself enforces only over bursts): at 1 a second nearly every reply of the admin's
 * conversation waited out a 429 (retry_after is at least 1 s), a second each, 8 of the test's 10.
 * Each member gets one message, so the per-chat limit plays no part in this broadcast;
 * broadcast.test.ts and broadcast-crash.test.ts send two to each chat at 1 a second, and the
 * telegram e2e tests retry replies after a 429. The overall limit stays, and the app's rate is 5/6
 * of it as with Telegram's 30 and the default 25, at twice the pace (50 of 60).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type RunningApp, startApp } from '../../src/main.ts';
import { type BroadcastFixture, seedClosedWithRanking } from '../support/broadcast-fixture.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../support/redis.ts';
import { createInvite } from '../support/seleksi-fixture.ts';
import { type EmulatedUser, TelegramEmulator } from '../support/telegram-emulator.ts';

let db: TestDb;
let emulator: TelegramEmulator;
let app: RunningApp;
let fixture: BroadcastFixture;

beforeAll(async () => {
  db = await createTestDb('admin_chat');
  emulator = await new TelegramEmulator({ limits: { perSecond: 60, perChatPerSecond: 1000 } }).start();
  fixture = await seedClosedWithRanking(db.prisma, { recipients: 40, firstChat: 300_000, categories: 1 });
  await createInvite(db.prisma, fixture.seleksiId, { code: 'ADMNPROV', role: 'ADMIN', regionCode: '63' });
  await createInvite(db.prisma, fixture.seleksiId, { code: 'ADMNKABU', role: 'ADMIN', regionCode: '63.09' });
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: uniqueQueuePrefix('admin-chat'),
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_RATE_PER_SEC: '50',
    HTTP_PORT: '0',
  });
  app = await startApp({
    config,
    bot: true,
    worker: true,
    logger: pino({ level: 'silent' }),
    telegram: { pollTimeoutSeconds: 1 },
    broadcast: { run: { statusPollMs: 200 } },
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await emulator.stop();
  await db.drop();
});

/**
 * Sends `text`, waits until every pattern was matched by a bot message after it and checks they came
 * in the order given (a confirmed admin command's "⏳ …" before the "✅ …" of its action); returns
 * those messages' texts.
 */
async function askAll(user: EmulatedUser, text: string, patterns: RegExp[], timeoutMs = 30_000) {
  user.markRead();
  const from = user.messages.length;
  user.send(text);
  const texts = () => user.messages.slice(from).map((m) => m.text);
  for (const pattern of patterns)
    if (!texts().some((t) => pattern.test(t))) await user.waitFor(pattern, timeoutMs);
  const at = patterns.map((pattern) => texts().findIndex((t) => pattern.test(t)));
  expect(at, texts().join('\n---\n')).toEqual([...at].sort((a, b) => a - b));
  return texts();
}

describe('admin in chat', () => {
  it('a kabupaten admin is refused; the province admin sees the preview, confirms, and the members get the ranking', async () => {
    // The kabupaten admin's conversation runs alongside the province admin's start (another chat).
    const kabupaten = emulator.user(11, 'Admin Tabalong');
    const refusal = (async () => {
      await kabupaten.ask('/start ADMNKABU', /Selamat datang/);
      return (await kabupaten.ask('umumkan', /admin wilayah/)).at(-1)!;
    })();
    const admin = emulator.user(10, 'Admin Kalsel');
    await admin.ask('/start ADMNPROV', /tutup.*umumkan/s);
    expect((await refusal).text).toContain('hanya untuk admin wilayah seleksi ini');

    const status = (await admin.ask('status', /Tahap/)).at(-1)!.text;
    expect(status).toContain('Tahap: ');
    // 40 members and the two admins, one ranking each at 50 a second.
    const preview = (await admin.ask('umumkan', /Umumkan hasil/)).at(-1)!.text;
    expect(preview).toContain('42 penerima');
    expect(preview).toContain('perkiraan selesai 1 detik');
    expect(preview).toContain('umumkan ya');
    // Nothing was sent by the preview.
    expect(await db.prisma.broadcast.count()).toBe(0);

    await askAll(admin, 'umumkan ya', [/Menyiapkan siaran/, /Siaran hasil KALSEL-2026 berjalan: 42 pesan/]);
    for (const chat of fixture.chats) {
      const member = emulator.user(Number(chat), 'Anggota');
      await member.waitFor(/TKSK/, 30_000);
    }
    const after = (await admin.ask('status', /Siaran/, 30_000)).at(-1)!.text;
    expect(after).toMatch(/Siaran (running|done): terkirim \d+/);
    const seleksi = await db.prisma.seleksi.findUniqueOrThrow({ where: { id: fixture.seleksiId } });
    expect(seleksi.phase).toBe('PUBLISHED');
    // Publishing again starts nothing new.
    await askAll(admin, 'umumkan ya', [/Menyiapkan siaran/, /berjalan|running|done|selesai/i]);
    expect(await db.prisma.broadcast.count()).toBe(1);
  }, 120_000);
});
