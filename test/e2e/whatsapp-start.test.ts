/**
 * End to end on WhatsApp as users see it: `seleksi whatsapp pair` and then `seleksi start` with
 * WHATSAPP_ENABLED=true and WHATSAPP_SOCKET_MODULE pointing at the fake socket, which talks to the
 * WhatsApp emulator on loopback. The same scripted officer as on Telegram registers and nominates a
 * TKSK candidate (a photo and a document on the way, downloaded and decrypted by Baileys), and a juror
 * scores them; confirmations included, and the same rows in Postgres as over Telegram.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/project-root.ts';
import { converse } from '../support/chat-driver.ts';
import type { TestDb } from '../support/db.ts';
import { type AppProcess, type SeededDb, seedNomination, spawnApp } from '../support/e2e-app.ts';
import { jurorRules, officerRules } from '../support/nomination-scripts.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { WhatsappEmulator } from '../support/whatsapp-emulator.ts';

const run = promisify(execFile);
const DUMP = process.env.E2E_DUMP_LOG;

describe('seleksi start on WhatsApp (fake socket)', () => {
  let seeded: SeededDb;
  let db: TestDb;
  let emulator: WhatsappEmulator;
  let app: AppProcess;
  let officerCode: string;
  let jurorCode: string;
  const queuePrefix = uniqueQueuePrefix('e2e-whatsapp');
  const mediaDir = join(tmpdir(), `seleksi-e2e-wa-media-${process.pid}`);

  function env(): Record<string, string> {
    return {
      DATABASE_URL: db.url,
      TELEGRAM_BOT_TOKEN: '',
      TELEGRAM_BOT_USERNAME: '',
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_SOCKET_MODULE: 'test/support/fake-whatsapp-socket.ts',
      FAKE_WHATSAPP_URL: emulator?.url ?? '',
      QUEUE_PREFIX: queuePrefix,
      MEDIA_DIR: mediaDir,
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    };
  }

  beforeAll(async () => {
    seeded = await seedNomination('e2e_whatsapp');
    db = seeded.db;
    officerCode = await seeded.invite({ role: 'OFFICER', region: 'Tabalong' });
    jurorCode = await seeded.invite({ role: 'JUROR', categories: ['TKSK'], region: 'Banjarbaru' });
    emulator = await new WhatsappEmulator().start();
  }, 120_000);

  afterAll(async () => {
    if (DUMP) (await import('node:fs')).writeFileSync(DUMP, app?.log ?? '');
    await app?.stop();
    await emulator?.stop();
    await db?.drop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('seleksi whatsapp pair shows a QR code (terminal and PNG) and stores the pairing', async () => {
    const pairing = run('node', ['bin/seleksi.js', 'whatsapp', 'pair', '--timeout', '60'], {
      cwd: projectRoot,
      env: { ...process.env, ...env() },
    });
    while (emulator.qrs.length === 0) await new Promise((r) => setTimeout(r, 50));
    emulator.scanQr();
    const { stdout } = await pairing;
    expect(stdout).toContain('▄'); // the QR code drawn in the terminal
    expect(stdout).toContain('WhatsApp tertaut: +6281100000001');
    expect(existsSync(join(mediaDir, 'whatsapp', 'pair-qr.png'))).toBe(true);
    expect(await db.prisma.whatsappAuth.count({ where: { kind: 'creds' } })).toBe(1);
  }, 60_000);

  it('an officer registers with DAFTAR CODE and nominates a TKSK candidate with a photo', async () => {
    app = spawnApp(['start'], env());
    await app.waitUntil(() => app.log.includes('whatsapp connection open'), 'the WhatsApp connection');

    const officer = emulator.user('6281234560001', 'Rahmat');
    await converse(officer, `DAFTAR ${officerCode}`, [], /Tabalong/);
    const seen = await converse(
      officer,
      'nominasi',
      officerRules,
      /Nominasi tercatat: KALSEL-2026-TKSK-\d{3}/,
    );
    const texts = seen.map((m) => m.text).join('\n');
    expect(texts).toContain('✅ Nominasi tercatat: KALSEL-2026-TKSK-001');
    expect(texts).toContain('NIK harus 16 digit');
    expect(texts).toContain('Stiker tidak dapat diproses');
    expect(texts).toMatch(/^1\. /m); // choices as numbered options

    const nomination = await db.prisma.nomination.findFirstOrThrow({ include: { attachments: true } });
    expect(nomination).toMatchObject({
      number: 'KALSEL-2026-TKSK-001',
      regionCode: '63.09',
      nomineeName: 'Ahmad Fauzi',
    });
    expect(nomination.answers).toMatchObject({ nik: '6309011203850001', no_hp: '+6281234567890' });
    const photo = nomination.attachments.find((a) => a.kind === 'PHOTO' && a.caption === 'Pendataan PPKS')!;
    const document = nomination.attachments.find((a) => a.field === 'dokumen')!;
    expect(photo.fileRef).toMatch(new RegExp(`^${officer.jid}/3EB0`));
    expect(document.fileName).toBe('rekomendasi.pdf');
    // Downloaded from the emulator and decrypted by Baileys into MEDIA_DIR/whatsapp/.
    expect(photo.localPath?.startsWith(join(mediaDir, 'whatsapp'))).toBe(true);
    expect(readFileSync(photo.localPath!, 'utf8')).toBe('Photo FOTO-KEGIATAN-1');
    expect(readFileSync(document.localPath!, 'utf8')).toBe('%PDF DOK-REKOMENDASI');
    // The same person and chat rows as over Telegram, on the WhatsApp channel, with the number kept.
    const identity = await db.prisma.channelIdentity.findFirstOrThrow({
      where: { channel: 'WHATSAPP', externalId: officer.jid },
      include: { person: true },
    });
    expect(identity.person.id).toBe(nomination.submittedById);
    expect(identity.person.phone).toBe('+6281234560001');
    expect(emulator.presence.some((p) => p.jid === officer.jid && p.type === 'composing')).toBe(true);
  }, 180_000);

  it('a juror registers and scores that nominee; the confirmation comes once it is stored', async () => {
    await seeded.openScoring();
    const juror = emulator.user('6281234560002', 'Dr. Hasanah');
    await converse(juror, `DAFTAR ${jurorCode}`, [], /TKSK|juri|penilai/i);
    await converse(
      juror,
      'nilai',
      jurorRules('Ahmad Fauzi', 'Nilai calon ini'),
      /Penilaian tercatat untuk KALSEL-2026-TKSK-001/,
    );
    const sheet = await db.prisma.scoreSheet.findFirstOrThrow({
      include: { scores: true, nomination: true },
    });
    expect(sheet.nomination.number).toBe('KALSEL-2026-TKSK-001');
    const criteria = await db.prisma.criterion.count({ where: { categoryId: sheet.nomination.categoryId } });
    expect(sheet.scores).toHaveLength(criteria);
    expect(sheet.comment).toBe('Inovasi kuat, dokumentasi lengkap.');
    const submissions = await db.prisma.submission.findMany();
    expect(submissions.map((s) => [s.channel, s.status])).toEqual([
      ['WHATSAPP', 'DONE'],
      ['WHATSAPP', 'DONE'],
    ]);
  }, 120_000);

  it('logs no errors and stops cleanly on SIGTERM (exit 0)', async () => {
    expect(app.log).not.toContain('"level":50');
    expect(await app.stop()).toBe(0);
  }, 30_000);
});
