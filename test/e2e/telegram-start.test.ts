/**
 * End to end on Telegram as users see it: `node bin/seleksi.js start` (bot + worker in one process)
 * talks to a Bot API emulator on loopback; scripted users read only the bot's messages.
 * An officer registers with an invite and nominates a TKSK candidate (with bad inputs on the way);
 * a juror registers, scores that nominee and recuses from another one.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/db/migrate.ts';
import { converse, type Rule } from '../support/chat-driver.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { TelegramEmulator } from '../support/telegram-emulator.ts';

const run = promisify(execFile);

/** Runs the CLI on the test schema; returns stdout. */
async function cli(db: TestDb, ...args: string[]): Promise<string> {
  const { stdout } = await run('node', ['bin/seleksi.js', ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: db.url, TELEGRAM_BOT_TOKEN: '', TELEGRAM_BOT_USERNAME: '' },
  });
  return stdout.trim();
}

const officerRules: Rule[] = [
  // First: the summary repeats every label below.
  { when: /Periksa nominasi sebelum dikirim/, say: { press: 'Kirim' } },
  { when: /Kategori pilar sosial/, say: { press: 'TKSK' } },
  { when: /Nama lengkap calon/, say: 'Ahmad Fauzi' },
  { when: /NIK \(16 digit/, say: ['63090112', '6309011203850001'] },
  { when: /Tempat lahir/, say: 'Tanjung' },
  { when: /Tanggal lahir/, say: '12-03-1985' },
  // A sticker where a choice is expected first, then the button.
  { when: /Jenis kelamin/, say: [{ sticker: true }, { press: 'Laki-laki' }] },
  { when: /Pendidikan terakhir/, say: { press: 'Sarjana' } },
  { when: /Pekerjaan/, say: 'Wiraswasta' },
  // A wrong phone number first.
  { when: /Nomor HP\/WhatsApp calon/, say: ['0812', '0812-3456-7890'] },
  { when: /Kecamatan \(ketik/, say: 'Murung Pudak' },
  { when: /Desa\/kelurahan \(ketik/, say: 'Masukau' },
  { when: /Alamat lengkap/, say: 'Jl. Tanjung Raya RT 03 RW 01' },
  { when: /bukti terdaftar/, say: 'SK-TKSK/2025/017' },
  // An out-of-range year first.
  { when: /Aktif sebagai pilar sosial sejak/, say: ['1800', '2015'] },
  { when: /SK penugasan TKSK/, say: '460/123/DINSOS/2026' },
  { when: /Tahun pertama bertugas/, say: '2015' },
  {
    when: /Uraikan kegiatan dan tugas pokok/,
    say: 'Pendataan PPKS di 8 desa dan pendampingan bansos setiap bulan.',
  },
  { when: /Kerja sama dan jejaring/, say: 'Menggerakkan CSR bank daerah dan 5 desa untuk bedah rumah.' },
  { when: /Inovasi:/, say: 'Aplikasi Sahabat PPKS sejak 2023, menjangkau 1.200 penerima manfaat.' },
  { when: /Kirim foto dokumentasi/, say: { photo: 'FOTO-KEGIATAN-1', caption: 'Pendataan PPKS' } },
  { when: /Kirim dokumen pendukung/, say: { document: 'DOK-REKOMENDASI', fileName: 'rekomendasi.pdf' } },
  { when: /(selesai|lanjut).*(foto|dokumen)|(foto|dokumen).*(selesai|lanjut)/i, say: 'selesai' },
  { when: /Sedang diproses/, say: null },
];
const DUMP = process.env.E2E_DUMP_LOG;

describe('seleksi start on Telegram (emulator)', () => {
  let db: TestDb;
  let emulator: TelegramEmulator;
  let app: ChildProcess;
  let appLog = '';
  let seleksiId: string;
  let officerCode: string;
  let jurorCode: string;

  beforeAll(async () => {
    db = await createTestDb('e2e_telegram');
    await cli(db, 'regions', 'load');
    seleksiId = (await cli(db, 'create', '--file', 'examples/kalsel-2026.yaml')).split('\n')[0]!;
    await cli(db, 'open', seleksiId, 'nomination');
    officerCode = (
      await cli(db, 'invite', '--seleksi', seleksiId, '--role', 'officer', '--region', 'Tabalong')
    ).split('\n')[0]!;
    jurorCode = (
      await cli(
        db,
        'invite',
        '--seleksi',
        seleksiId,
        '--role',
        'juror',
        '--categories',
        'TKSK',
        '--region',
        'Banjarbaru',
      )
    ).split('\n')[0]!;
    emulator = await new TelegramEmulator().start();
    app = spawn('node', ['bin/seleksi.js', 'start'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TELEGRAM_BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        TELEGRAM_WEBHOOK_URL: '',
        QUEUE_PREFIX: uniqueQueuePrefix('e2e-telegram'),
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        MEDIA_DIR: `/tmp/seleksi-e2e-media-${process.pid}`,
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (d: Buffer) => (appLog += d.toString()));
    app.stderr!.on('data', (d: Buffer) => (appLog += d.toString()));
    // Ready once the command menu is published (after getMe).
    const deadline = Date.now() + 30_000;
    while (!emulator.commands.has('en')) {
      if (Date.now() > deadline || app.exitCode !== null) throw new Error(`app did not start:\n${appLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (DUMP) (await import('node:fs')).writeFileSync(DUMP, appLog);
    if (app && app.exitCode === null) {
      app.kill('SIGTERM');
      await once(app, 'exit');
    }
    await emulator?.stop();
    await db?.drop();
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
    expect(texts).toContain('antara 1950 dan 2100');

    const nomination = await db.prisma.nomination.findFirstOrThrow({ include: { attachments: true } });
    expect(nomination).toMatchObject({
      number: 'KALSEL-2026-TKSK-001',
      regionCode: '63.09',
      nomineeName: 'Ahmad Fauzi',
    });
    expect(nomination.answers).toMatchObject({ nik: '6309011203850001', no_hp: '+6281234567890' });
    expect(nomination.attachments.map((a) => a.fileRef).sort()).toEqual([
      'DOK-REKOMENDASI',
      'FOTO-KEGIATAN-1',
    ]);
  }, 120_000);

  it('shows the app log on failure', () => {
    expect(appLog).not.toContain('"level":50');
  });
});
