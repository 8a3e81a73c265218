/**
 * A category added only in a definition file, end to end on Telegram: examples/kalsel-2026.yaml
 * plus a sixth kind of PSKS (WKSBM, test/fixtures/definitions/wksbm-category.yaml) — no code or
 * flow names it. `node bin/seleksi.js start` talks to the Bot API emulator; a scripted officer
 * nominates in WKSBM (its own questions asked, its photo minimum and document enforced) and a juror
 * sees the evidence the definition names beside each criterion.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../../src/config/project-root.ts';
import { converse, type Rule } from '../support/chat-driver.ts';
import type { TestDb } from '../support/db.ts';
import { type AppProcess, type SeededDb, seedNomination, spawnApp, telegramEnv } from '../support/e2e-app.ts';
import { jurorRules } from '../support/nomination-scripts.ts';
import { uniqueQueuePrefix } from '../support/redis.ts';
import { TelegramEmulator } from '../support/telegram-emulator.ts';

/** The example definition with the WKSBM category appended: an edit of the definition only. */
function definitionWithWksbm(): string {
  const def = parse(readFileSync(join(projectRoot, 'examples', 'kalsel-2026.yaml'), 'utf8'));
  const extra = parse(
    readFileSync(join(projectRoot, 'test', 'fixtures', 'definitions', 'wksbm-category.yaml'), 'utf8'),
  );
  def.categories.push(...extra);
  return stringify(def);
}

/** An officer of Tabalong nominating a WKSBM forum, by the bot's prompts. */
const officerRules: Rule[] = [
  { when: /Periksa nominasi sebelum dikirim/, say: { press: 'Kirim' } },
  { when: /Kategori pilar sosial/, say: { press: 'WKSBM' } },
  { when: /Nama lengkap calon/, say: 'WKSBM Sejahtera Bersama' },
  { when: /Nama ketua\/pimpinan/, say: 'Hj. Norhayati' },
  { when: /Nomor HP\/WhatsApp calon/, say: '0812 5555 0101' },
  { when: /Kecamatan \(ketik/, say: 'Murung Pudak' },
  { when: /Desa\/kelurahan \(ketik/, say: 'Masukau' },
  { when: /Alamat lengkap/, say: 'Jl. Tanjung Raya 12' },
  { when: /bukti terdaftar/, say: 'SK Bupati 188/45/2019' },
  { when: /Aktif sebagai pilar sosial sejak/, say: '2019' },
  // WKSBM's own questions, from the fixture definition: a number below its min first.
  { when: /Jumlah lembaga dan kelompok anggota jejaring WKSBM/, say: ['1', '14'] },
  { when: /Pertemuan forum WKSBM/, say: { press: 'Bulanan' } },
  { when: /Jumlah penerima manfaat/, say: '850' },
  {
    when: /Uraikan kegiatan dan tugas pokok/,
    say: 'Forum 14 kelompok warga untuk rujukan lansia dan disabilitas.',
  },
  {
    when: /Kerja sama dan jejaring/,
    say: 'Bersama puskesmas, BAZNAS dan 6 desa menjalankan rujukan terpadu.',
  },
  { when: /Inovasi:/, say: 'Kartu rujukan warga rentan sejak 2022, 300 keluarga terlayani.' },
  // One photo, then "selesai": refused (WKSBM: min_photos 2), then the second.
  { when: /Kirim foto dokumentasi/, say: [{ photo: 'WKSBM-FOTO-1' }, { photo: 'WKSBM-FOTO-2' }] },
  { when: /Kirim dokumen wajib: SK pembentukan WKSBM/, say: { document: 'WKSBM-SK', fileName: 'sk.pdf' } },
  { when: /Kirim dokumen pendukung/, say: '-' },
  { when: /Pernyataan:/, say: { press: 'Ya' } },
  { when: /(selesai|lanjut).*(foto|dokumen)|(foto|dokumen).*(selesai|lanjut)/i, say: 'selesai' },
  { when: /Sedang diproses/, say: null },
];

describe('a category added only in the definition, on Telegram (emulator)', () => {
  let seeded: SeededDb;
  let db: TestDb;
  let emulator: TelegramEmulator;
  let app: AppProcess;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'seleksi-wksbm-'));
    const file = join(workDir, 'kalsel-2026-wksbm.yaml');
    await writeFile(file, definitionWithWksbm());
    seeded = await seedNomination('e2e_new_category', file);
    db = seeded.db;
    emulator = await new TelegramEmulator().start();
    app = spawnApp(
      ['start'],
      telegramEnv(seeded, emulator, {
        QUEUE_PREFIX: uniqueQueuePrefix('e2e-new-category'),
        MEDIA_DIR: join(workDir, 'media'),
      }),
    );
    await app.waitUntil(() => emulator.commands.has('en'), 'the bot to start');
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await emulator?.stop();
    await db?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('an officer nominates in WKSBM: its own questions asked, its photo minimum enforced', async () => {
    const code = await seeded.invite({ role: 'OFFICER', region: 'Tabalong' });
    const officer = emulator.user(7001, 'Rahmat');
    await converse(officer, `/start ${code}`, [], /Tabalong/);
    const seen = await converse(
      officer,
      '/nominasi',
      officerRules,
      /Nominasi tercatat: KALSEL-2026-WKSBM-\d{3}/,
    );
    const texts = seen.map((m) => m.text).join('\n');
    expect(texts).toContain('Jumlah lembaga dan kelompok anggota jejaring WKSBM:');
    expect(texts).toContain('Kirim minimal 2 foto');
    expect(texts).toContain('Baru 1 foto diterima; minimal 2');
    expect(texts).toContain('✅ Nominasi tercatat: KALSEL-2026-WKSBM-001');

    const nomination = await db.prisma.nomination.findFirstOrThrow({ include: { attachments: true } });
    expect(nomination.number).toBe('KALSEL-2026-WKSBM-001');
    expect(nomination.answers).toMatchObject({
      kategori: 'WKSBM',
      jumlah_lembaga_anggota: 14,
      forum_rutin: 'Bulanan',
      pernyataan_tanpa_hubungan_dengan_juri: 'YA',
    });
    expect(nomination.attachments.map((a) => `${a.field}:${a.fileRef}`).sort()).toEqual([
      'foto_kegiatan:WKSBM-FOTO-1',
      'foto_kegiatan:WKSBM-FOTO-2',
      'sk_pembentukan:WKSBM-SK',
    ]);
  }, 180_000);

  it("a WKSBM juror sees the definition's evidence beside each criterion", async () => {
    const code = await seeded.invite({ role: 'JUROR', categories: ['WKSBM'], region: 'Banjarbaru' });
    await seeded.openScoring();
    const juror = emulator.user(7002, 'Dr. Hasanah');
    await converse(juror, `/start ${code}`, [], /WKSBM|juri|penilai/i);
    const seen = await converse(
      juror,
      'nilai',
      jurorRules('WKSBM Sejahtera Bersama', 'Nilai calon ini', ['80', '75', '90']),
      /Penilaian tercatat untuk KALSEL-2026-WKSBM-001/,
    );
    const prompts = seen.map((m) => m.text).filter((t) => /Kriteria \d+ dari 3/.test(t));
    expect(prompts[0]).toContain('Bukti dari berkas nominasi:');
    expect(prompts[0]).toContain('Jumlah lembaga dan kelompok anggota jejaring WKSBM: 14');
    expect(prompts[1]).toContain('Pertemuan forum WKSBM: Bulanan');
    expect(prompts[2]).toContain('Foto kegiatan: 2 foto');
    expect(await db.prisma.scoreSheet.count()).toBe(1);
  }, 180_000);
});
