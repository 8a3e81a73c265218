/**
 * End to end, close and rank: scripted officers nominate and jurors score through the Bot API
 * emulator (`seleksi start`), then the admin's CLI closes (refused while a sheet is missing, then
 * --force), prints the ranking, exports the raw scores and the workbook, verifies the ranking from
 * the exported files, and promotes the winner into a national seleksi. A juror who tries to score
 * after the close is told scoring is closed; `hasil` answers before and after publication.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeleksiFromFile } from '../../src/app/create-seleksi.ts';
import { parseCsv } from '../../src/domain/csv.ts';
import { converse } from '../support/chat-driver.ts';
import type { TestDb } from '../support/db.ts';
import { type AppProcess, type SeededDb, seedNomination, spawnApp, telegramEnv } from '../support/e2e-app.ts';
import { jurorRules, officerRulesFor as officerRules } from '../support/nomination-scripts.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { TelegramEmulator } from '../support/telegram-emulator.ts';

const run = promisify(execFile);
const LIBREOFFICE = ['/usr/bin/libreoffice', '/usr/bin/soffice'].find((p) => existsSync(p));
/** pdftotext (poppler-utils) reads the numbers back out of the PDF. */
const PDFTOTEXT = existsSync('/usr/bin/pdftotext');

describe('close, ranking, export and promotion after a chat-driven seleksi (emulator)', () => {
  let seeded: SeededDb;
  let db: TestDb;
  let emulator: TelegramEmulator;
  let app: AppProcess;
  let dir: string;
  let id: string;

  const cli = (...args: string[]) => seeded.cli(...args);

  beforeAll(async () => {
    seeded = await seedNomination('e2e_close');
    ({ db, seleksiId: id } = seeded);
    dir = await mkdtemp(join(tmpdir(), 'seleksi-e2e-close-'));
    emulator = await new TelegramEmulator().start();
    app = spawnApp(
      ['start'],
      telegramEnv(seeded, emulator, {
        QUEUE_PREFIX: uniqueQueuePrefix('e2e-close'),
        MEDIA_DIR: join(dir, 'media'),
      }),
    );
    await app.waitUntil(() => emulator.commands.has('en'), 'the bot to start');
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await emulator?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const officerA = () => emulator.user(6001, 'Rahmat');
  const officerB = () => emulator.user(6002, 'Wahyu');
  const juror1 = () => emulator.user(6101, 'Dr. Hasanah');
  const juror2 = () => emulator.user(6102, 'Prof. Arief');

  it('two officers nominate, two jurors score; one sheet is left missing', async () => {
    const invite = seeded.invite;
    await converse(
      officerA(),
      `/start ${await invite({ role: 'OFFICER', region: 'Tabalong' })}`,
      [],
      /Tabalong/,
    );
    await converse(officerB(), `/start ${await invite({ role: 'OFFICER', region: 'Banjar' })}`, [], /Banjar/);
    const hasil = await converse(officerA(), 'hasil', [], /Hasil belum diumumkan/);
    expect(hasil.at(-1)!.text).toContain('Perkiraan pengumuman: 31 Juli 2026');
    await converse(
      officerA(),
      '/nominasi',
      officerRules({ name: 'Ahmad Fauzi', kecamatan: 'Murung Pudak', desa: 'Masukau' }),
      /Nominasi tercatat: KALSEL-2026-TKSK-001/,
    );
    await converse(
      officerB(),
      '/nominasi',
      officerRules({ name: 'Siti Rahmah', kecamatan: 'Gambut', desa: 'Gambut Barat' }),
      /Nominasi tercatat: KALSEL-2026-TKSK-002/,
    );
    const j = (home: string) => invite({ role: 'JUROR', categories: ['TKSK'], region: home });
    await converse(juror1(), `/start ${await j('Banjarbaru')}`, [], /TKSK|juri|penilai/i);
    await converse(juror2(), `/start ${await j('Tanah Laut')}`, [], /TKSK|juri|penilai/i);
    await seeded.openScoring();
    const score = (user: () => ReturnType<typeof juror1>, pick: string, scores: string[], number: string) =>
      converse(
        user(),
        'nilai',
        jurorRules(pick, 'Nilai calon ini', scores),
        new RegExp(`Penilaian tercatat untuk ${number}`),
      );
    // TKSK criteria in order: tugas pokok 25, kerja sama 20, inovasi 30, verifikasi lapangan 15, presentasi 10 (1–100).
    await score(juror1, 'Ahmad Fauzi', ['85', '78', '90', '70', '88'], 'KALSEL-2026-TKSK-001');
    await score(juror1, 'Siti Rahmah', ['80', '80', '80', '80', '80'], 'KALSEL-2026-TKSK-002');
    await score(juror2, 'Ahmad Fauzi', ['75', '70', '80', '60', '70'], 'KALSEL-2026-TKSK-001');
  }, 240_000);

  it('close refuses and lists the missing sheet per juror; close --force freezes and prints the digest', async () => {
    const refused = await cli('close', id);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/Juri 2 Prof\. Arief: 1 — KALSEL-2026-TKSK-002/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('1 lembar nilai belum masuk dari 1 juri');
    expect((await db.prisma.seleksi.findUniqueOrThrow({ where: { id } })).phase).toBe('SCORING');

    const forced = await cli('close', id, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/Digest SHA-256: [0-9a-f]{64}/);
    expect(forced.stdout).toMatch(/1\s+KALSEL-2026-TKSK-002\s+Siti Rahmah/);
    expect(forced.stdout).toContain('Ditutup paksa (--force)');

    // A juror who tries to score now is told, in their language, that scoring is closed.
    const late = await converse(juror2(), 'nilai', [], /Penilaian sudah ditutup/);
    expect(late.at(-1)!.text).toContain('Penilaian sudah ditutup');
  }, 120_000);

  it('ranking --json matches a ranking recomputed by hand from the exported raw scores; closing again gives the same digest', async () => {
    const ranking = JSON.parse((await cli('ranking', id, '--json')).stdout);
    const csvFile = join(dir, 'scores.csv');
    expect((await cli('export', id, '--out', csvFile)).code).toBe(0);
    const [header, ...rows] = parseCsv(await readFile(csvFile, 'utf8'));
    expect(header!.join()).toBe('number,category,juror,juror_no,criterion,score,submitted_at,excluded');
    expect(rows).toHaveLength(15);
    // By hand: a juror's total = Σ weight × (score − 1) / 99; the final = the mean of the totals.
    const weight: Record<string, number> = { TUGAS_POKOK: 25, KERJA_SAMA: 20, INOVASI: 30 };
    Object.assign(weight, { VERIFIKASI_LAPANGAN: 15, PRESENTASI: 10 });
    const totals = new Map<string, number[]>();
    const sheets = new Map<string, number>();
    for (const [number, , , juror, criterion, value] of rows) {
      const key = `${number}|${juror}`;
      sheets.set(key, (sheets.get(key) ?? 0) + (weight[criterion!]! * (Number(value) - 1)) / 99);
    }
    for (const [key, total] of sheets)
      totals.set(key.split('|')[0]!, [...(totals.get(key.split('|')[0]!) ?? []), total]);
    const final = (n: string) =>
      Number((totals.get(n)!.reduce((a, b) => a + b) / totals.get(n)!.length).toFixed(4));
    expect(final('KALSEL-2026-TKSK-001')).toBe(77.7273); // (8215 + 7175) / 198
    expect(final('KALSEL-2026-TKSK-002')).toBe(79.798); // 7900 / 99
    const tksk = ranking.categories.find((c: { code: string }) => c.code === 'TKSK');
    expect(
      tksk.entries.map((e: { number: string; rank: number; final: number; jurors: number }) => [
        e.number,
        e.rank,
        e.final,
        e.jurors,
      ]),
    ).toEqual([
      ['KALSEL-2026-TKSK-002', 1, final('KALSEL-2026-TKSK-002'), 1],
      ['KALSEL-2026-TKSK-001', 2, final('KALSEL-2026-TKSK-001'), 2],
    ]);
    expect(tksk.entries[1].criteria.INOVASI).toBe(85); // (90 + 80) / 2
    expect(ranking.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(ranking.missing).toEqual([{ juror: 2, name: 'Prof. Arief', numbers: ['KALSEL-2026-TKSK-002'] }]);

    const again = await cli('close', id, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ digest: ranking.digest, stored: false });
    expect(await db.prisma.ranking.count({ where: { seleksiId: id } })).toBe(1);

    const rankingFile = join(dir, 'ranking.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(rankingFile, JSON.stringify(ranking)));
    const verified = await cli('verify', '--ranking', rankingFile, '--scores', csvFile);
    expect(verified.stdout).toContain(`OK: peringkat cocok dengan nilai mentah; digest ${ranking.digest}`);
    // One changed score in the CSV and verify says no.
    const tampered = join(dir, 'tampered.csv');
    const text = await readFile(csvFile, 'utf8');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(tampered, text.replace(/,INOVASI,90,/, ',INOVASI,91,')),
    );
    const refused = await cli('verify', '--ranking', rankingFile, '--scores', tampered);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('TIDAK cocok');
  }, 120_000);

  it.skipIf(!LIBREOFFICE || !PDFTOTEXT)(
    'the workbook converts to PDF with LibreOffice, with the same numbers',
    async () => {
      const ranking = JSON.parse((await cli('ranking', id, '--json')).stdout);
      const xlsx = join(dir, 'hasil.xlsx');
      const out = await cli('export', id, '--out', xlsx, '--anonymous-jurors');
      expect(out.code).toBe(0);
      await run(LIBREOFFICE!, ['--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], {
        timeout: 120_000,
        env: { ...process.env, HOME: dir },
      });
      const pdf = await readFile(join(dir, 'hasil.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // The same numbers, read back out of the PDF.
      const { stdout } = await run('pdftotext', ['-layout', join(dir, 'hasil.pdf'), '-']);
      const lines = stdout.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
      expect(lines).toContainEqual(
        expect.stringMatching(/^1 KALSEL-2026-TKSK-002 Siti Rahmah Kabupaten Banjar 79[.,]80 /),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^2 KALSEL-2026-TKSK-001 Ahmad Fauzi Kabupaten Tabalong 77[.,]73 /),
      );
      expect(stdout).toContain(ranking.digest);
      expect(stdout).toContain('Juri 2');
      expect(stdout).not.toContain('Prof. Arief');
    },
    240_000,
  );
  it('hasil after publication: the officer, the nominee registered as a member, the juror', async () => {
    const member = emulator.user(6201, 'Ahmad');
    const memberCode = await seeded.invite({ role: 'MEMBER', nominee: 'KALSEL-2026-TKSK-001' });
    await converse(member, `/start ${memberCode}`, [], /Selamat datang/);
    await db.prisma.seleksi.update({ where: { id }, data: { phase: 'PUBLISHED' } });
    const officer = await converse(officerA(), 'hasil', [], /peringkat 2 dari 2/);
    expect(officer.at(-1)!.text).toContain(
      'KALSEL-2026-TKSK-001 — Ahmad Fauzi: peringkat 2 dari 2, nilai 77,73, Juara II',
    );
    const own = (await converse(member, 'hasil', [], /Hasil Anda/)).at(-1)!.text;
    expect(own).toContain(
      'Hasil Anda: KALSEL-2026-TKSK-001 — Ahmad Fauzi: peringkat 2 dari 2, nilai 77,73, Juara II',
    );
    expect(own).toContain('Inovasi 85,00');
    expect(own).toContain('1. KALSEL-2026-TKSK-002 Siti Rahmah (Kabupaten Banjar): 79,80 — Juara I');
    const juror = (await converse(juror1(), 'hasil', [], /teratas/)).at(-1)!.text;
    expect(juror).toContain('Tenaga Kesejahteraan Sosial Kecamatan (TKSK) —');
    expect(juror).not.toContain('Pekerja Sosial Masyarakat (PSM) —');
  }, 120_000);

  it('promote carries the winner into a national seleksi, once', async () => {
    const { id: nasional } = await createSeleksiFromFile(db.prisma, 'examples/nasional-2026.yaml');
    const first = await cli('promote', '--from', id, '--to', nasional, '--top', '1', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).promoted).toEqual([
      {
        category: 'TKSK',
        from: 'KALSEL-2026-TKSK-002',
        number: 'NASIONAL-2026-TKSK-001',
        rank: 1,
        created: true,
      },
    ]);
    const second = await cli('promote', '--from', id, '--to', nasional, '--top', '1', '--json');
    expect(JSON.parse(second.stdout).promoted[0].created).toBe(false);
    const promoted = await db.prisma.nomination.findMany({
      where: { seleksiId: nasional },
      include: { attachments: true },
    });
    expect(promoted).toHaveLength(1);
    expect(promoted[0]).toMatchObject({ nomineeName: 'Siti Rahmah', regionCode: '63.03' });
    // The whole dossier: 3 photos, the SK penugasan and the recommendation (the example's TKSK rules).
    expect(promoted[0]!.attachments).toHaveLength(5);
    expect((promoted[0]!.priorResult as { text: { id: string } }).text.id).toBe(
      'Juara I tingkat Provinsi Kalimantan Selatan 2026, nilai 79,80',
    );
    expect(app.log).not.toContain('"level":50');
  }, 60_000);
});
