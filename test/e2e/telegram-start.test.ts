/**
 * End to end on Telegram as users see it: `node bin/seleksi.js start` (bot + worker in one process)
 * talks to a Bot API emulator on loopback; scripted users read only the bot's messages.
 * An officer registers with an invite and nominates a TKSK candidate (with bad inputs on the way);
 * a juror registers, scores that nominee and recuses from another one.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converse } from '../support/chat-driver.ts';
import type { TestDb } from '../support/db.ts';
import { type AppProcess, type SeededDb, seedNomination, spawnApp, telegramEnv } from '../support/e2e-app.ts';
import { jurorRules, officerRules } from '../support/nomination-scripts.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { TelegramEmulator } from '../support/telegram-emulator.ts';

const DUMP = process.env.E2E_DUMP_LOG;

describe('seleksi start on Telegram (emulator)', () => {
  let seeded: SeededDb;
  let db: TestDb;
  let emulator: TelegramEmulator;
  let app: AppProcess;
  let seleksiId: string;
  let officerCode: string;
  let jurorCode: string;
  const queuePrefix = uniqueQueuePrefix('e2e-telegram');
  const mediaDir = join(tmpdir(), `seleksi-e2e-media-${process.pid}`);
  const startProcess = (command: string, env: Record<string, string>) =>
    spawnApp(
      [command],
      telegramEnv(seeded, emulator, { QUEUE_PREFIX: queuePrefix, MEDIA_DIR: mediaDir, ...env }),
    );

  beforeAll(async () => {
    seeded = await seedNomination('e2e_telegram');
    ({ db, seleksiId } = seeded);
    officerCode = await seeded.invite({ role: 'OFFICER', region: 'Tabalong' });
    jurorCode = await seeded.invite({ role: 'JUROR', categories: ['TKSK'], region: 'Banjarbaru' });
    emulator = await new TelegramEmulator().start();
    app = startProcess('start', {});
    await app.waitUntil(() => emulator.commands.has('en'), 'the bot to start');
  }, 120_000);

  afterAll(async () => {
    if (DUMP) (await import('node:fs')).writeFileSync(DUMP, app?.log ?? '');
    await app?.stop();
    await emulator?.stop();
    await db?.drop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('an officer registers with an invite and nominates a TKSK candidate', async () => {
    const officer = emulator.user(5001, 'Rahmat');
    await converse(officer, `/start ${officerCode}`, [], /Tabalong/);
    const seen = await converse(
      officer,
      '/nominasi',
      officerRules,
      /Nominasi tercatat: KALSEL-2026-TKSK-\d{3}/,
    );
    const texts = seen.map((m) => m.text).join('\n');
    expect(texts).toContain('✅ Nominasi tercatat: KALSEL-2026-TKSK-001');
    expect(texts).toContain('NIK harus 16 digit');
    expect(texts).toContain('Stiker tidak dapat diproses');
    expect(texts).toMatch(/Nomor HP .*terlalu pendek/);
    // The year hint and the check agree: up to this year.
    expect(texts).toContain(`antara 1950 dan ${new Date().getUTCFullYear()}`);
    expect(texts).toContain('Baru 1 foto diterima; minimal 3');

    const nomination = await db.prisma.nomination.findFirstOrThrow({ include: { attachments: true } });
    expect(nomination).toMatchObject({
      number: 'KALSEL-2026-TKSK-001',
      regionCode: '63.09',
      nomineeName: 'Ahmad Fauzi',
    });
    expect(nomination.answers).toMatchObject({ nik: '6309011203850001', no_hp: '+6281234567890' });
    expect(nomination.attachments.map((a) => a.fileRef).sort()).toEqual([
      'DOK-REKOMENDASI',
      'DOK-SK-PENUGASAN',
      'FOTO-KEGIATAN-1',
      'FOTO-KEGIATAN-2',
      'FOTO-KEGIATAN-3',
    ]);
    // The files were also downloaded into MEDIA_DIR.
    expect(nomination.attachments.every((a) => a.localPath?.startsWith(mediaDir))).toBe(true);

    // Registered already: another code (a deep link tapped again) is answered and changes nothing.
    await converse(officer, `/start ${jurorCode}`, [], /satu orang memegang satu peran/);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code: jurorCode } })).usedAt).toBeNull();
    await converse(officer, `/start ${officerCode}`, [], /sudah terdaftar dengan kode/);
  }, 120_000);

  it('a juror registers, scores that nominee and recuses from another', async () => {
    // A second TKSK nominee from another kabupaten (Banjar), written directly: the recusal target.
    const seleksi = await db.prisma.seleksi.findUniqueOrThrow({
      where: { id: seleksiId },
      include: { categories: true },
    });
    const tksk = seleksi.categories.find((c) => c.code === 'TKSK')!;
    const other = await db.prisma.person.create({ data: { name: 'Petugas Banjar' } });
    await db.prisma.nomination.create({
      data: {
        seleksiId,
        categoryId: tksk.id,
        regionCode: '63.03',
        number: 'KALSEL-2026-TKSK-002',
        seq: 2,
        nomineeName: 'Siti Rahmah',
        answers: { nama: 'Siti Rahmah' },
        submittedById: other.id,
      },
    });
    await seeded.openScoring();

    const juror = emulator.user(5002, 'Dr. Hasanah');
    await converse(juror, `/start ${jurorCode}`, [], /TKSK|juri|penilai/i);
    const scored = await converse(
      juror,
      'nilai',
      jurorRules('Ahmad Fauzi', 'Nilai calon ini'),
      /Penilaian tercatat untuk KALSEL-2026-TKSK-001/,
    );
    expect(scored.map((m) => m.text).join('\n')).toContain('harus bilangan bulat antara 1 dan 100');
    const recused = await converse(
      juror,
      '/nilai',
      jurorRules('Siti Rahmah', 'Mundur'),
      /Pengunduran diri dari penilaian KALSEL-2026-TKSK-002 tercatat/,
    );
    expect(recused.length).toBeGreaterThan(0);

    const sheet = await db.prisma.scoreSheet.findFirstOrThrow({
      include: { scores: true, nomination: true },
    });
    expect(sheet.nomination.number).toBe('KALSEL-2026-TKSK-001');
    const criteria = await db.prisma.criterion.count({ where: { categoryId: tksk.id } });
    expect(sheet.scores).toHaveLength(criteria);
    expect(sheet.scores.every((s) => s.value >= 1 && s.value <= 100)).toBe(true);
    expect(sheet.comment).toBe('Inovasi kuat, dokumentasi lengkap.');
    const recusal = await db.prisma.recusal.findFirstOrThrow({ include: { nomination: true } });
    expect(recusal).toMatchObject({ reason: 'Calon adalah kerabat dekat saya.', jurorId: sheet.jurorId });
    expect(recusal.nomination.number).toBe('KALSEL-2026-TKSK-002');
    // Nothing the users confirmed is left pending.
    expect(await db.prisma.submission.count({ where: { status: { not: 'DONE' } } })).toBe(0);
  }, 120_000);

  it('logs no errors and stops cleanly on SIGTERM (exit 0)', async () => {
    expect(app.log).not.toContain('"level":50');
    expect(await app.stop()).toBe(0);
  }, 30_000);

  it('in webhook mode: checks the secret, handles a repeated update once, answers /healthz and /metrics', async () => {
    const secret = 'e2e-webhook-secret';
    app = startProcess('bot', {
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook',
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    await app.waitUntil(
      () => emulator.webhook !== null && /"port":\d+/.test(app.log),
      'the webhook to be set',
    );
    expect(emulator.webhook).toEqual({ url: 'https://bot.example.org/tg/hook', secret });
    const port = Number(/"port":(\d+)/.exec(app.log)![1]);
    const base = `http://127.0.0.1:${port}`;
    const update = {
      update_id: 900_001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 5003, type: 'private', first_name: 'Yusuf' },
        from: { id: 5003, is_bot: false, first_name: 'Yusuf' },
        text: 'halo',
      },
    };
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect(emulator.messagesTo(5003)).toHaveLength(0);
    expect((await post({ 'x-telegram-bot-api-secret-token': secret })).status).toBe(200);
    const replies = emulator.messagesTo(5003).length;
    expect(replies).toBeGreaterThan(0);
    // Telegram retrying the same update (e.g. after a timeout) changes nothing.
    expect((await post({ 'x-telegram-bot-api-secret-token': secret })).status).toBe(200);
    expect(emulator.messagesTo(5003)).toHaveLength(replies);
    expect(await db.prisma.processedInbound.count({ where: { messageId: 'u900001' } })).toBe(1);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, checks: { postgres: 'ok', redis: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('seleksi_updates_handled_total{channel="telegram",type="text"} 1');
    expect(metrics).toMatch(/seleksi_reply_seconds_count\{channel="telegram"\} 1/);
    expect(metrics).toMatch(/seleksi_queue_jobs\{state="waiting"\} \d+/);
    expect(metrics).toMatch(/seleksi_failed_jobs \d+/);
  }, 60_000);
});
