/**
 * The results workbook (exceljs, written as a stream so a national export stays small in memory):
 * "Berita Acara", a sheet per category, "Juara Umum" (when configured), "Mundur & Konflik" and
 * "Nilai Mentah" (the raw scores). Opens in LibreOffice and Excel.
 */
import ExcelJS from 'exceljs';
import { phaseLabel } from '../../domain/permissions.ts';
import { awardLabel, formatScore, localTime } from '../../domain/ranking/index.ts';
import type { ViewCategory } from '../ranking-view.ts';
import { RAW_SCORE_COLUMNS, rawScoreFields } from './csv.ts';
import type { ExportData } from './data.ts';

type Sheet = ExcelJS.Worksheet;

const BOLD = { bold: true } as const;
const SCORE = '0.00';

function addRow(sheet: Sheet, values: unknown[], bold = false): void {
  const row = sheet.addRow(values);
  if (bold) row.font = BOLD;
  row.commit();
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
}

/** Every sheet prints landscape, as wide as one page (so a PDF shows whole rows). */
const PAGE = {
  pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
} as const satisfies Partial<ExcelJS.AddWorksheetOptions>;

const LEVEL = { KABUPATEN: 'Kabupaten/Kota', PROVINSI: 'Provinsi', NASIONAL: 'Nasional' } as const;

function beritaAcara(book: ExcelJS.stream.xlsx.WorkbookWriter, d: ExportData): void {
  const { seleksi, view } = d;
  const sheet = book.addWorksheet('Berita Acara', PAGE);
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 80;
  const tz = view.timezone;
  const when = (date: Date | string | null) =>
    date ? localTime(typeof date === 'string' ? date : date.toISOString(), tz) : '-';
  addRow(sheet, ['BERITA ACARA PENETAPAN HASIL PENILAIAN'], true);
  addRow(sheet, [seleksi.name], true);
  addRow(sheet, []);
  const facts: [string, string][] = [
    ['Kode seleksi', seleksi.code],
    ['Tingkat', `${LEVEL[seleksi.level]} — ${seleksi.region.name}`],
    ['Tahun', String(seleksi.year)],
    ['Fase', phaseLabel(seleksi.phase, 'id')],
    ['Nominasi dibuka', when(seleksi.nominationOpensAt)],
    ['Nominasi ditutup', when(seleksi.nominationClosesAt)],
    ['Batas penilaian', when(seleksi.scoringClosesAt)],
    ['Penilaian ditutup', when(view.closedAt)],
    ['Peringkat dihitung', when(view.computedAt)],
    ['Metode', `${view.method.normalization}; minimal ${view.method.min_jurors} juri per calon`],
    ['Digest SHA-256', view.digest],
    ['Digest masukan (undian)', view.inputDigest],
    ['Ditutup paksa (--force)', view.forced ? 'ya' : 'tidak'],
  ];
  for (const [k, v] of facts) addRow(sheet, [k, v]);
  for (const m of view.missing) {
    addRow(sheet, [`Belum menilai: Juri ${m.juror}`, `${m.numbers.length} — ${m.numbers.join(', ')}`]);
  }
  addRow(sheet, []);
  addRow(sheet, ['Tim penilai'], true);
  for (const p of d.panel) {
    addRow(sheet, [`Juri ${p.no}`, `${p.name} — kategori ${p.categories.join(', ')}`]);
  }
  addRow(sheet, []);
  addRow(sheet, ['Memutuskan hasil'], true);
  for (const c of view.categories) {
    for (const e of c.entries.filter((x) => x.award)) {
      addRow(sheet, [
        `${c.code}: ${awardLabel(e.award, 'id')}`,
        `${e.number} — ${e.name} (${e.region}), nilai ${e.final === null ? '-' : formatScore(e.final, 'id')}`,
      ]);
    }
  }
  const ties = view.categories.flatMap((c) => c.entries.filter((e) => e.tieText).map((e) => e.tieText!.id));
  if (ties.length > 0) {
    addRow(sheet, []);
    addRow(sheet, ['Catatan penentuan seri'], true);
    for (const t of ties) addRow(sheet, ['', t]);
  }
  addRow(sheet, []);
  addRow(sheet, ['Tanda tangan'], true);
  const signers = ['Ketua Tim Penilai', ...d.panel.map((p) => `Anggota: ${p.name}`), 'Kepala Dinas Sosial'];
  for (const s of signers) {
    addRow(sheet, [s, '(......................................................)']);
    addRow(sheet, []);
  }
  sheet.commit();
}

function categorySheet(book: ExcelJS.stream.xlsx.WorkbookWriter, c: ViewCategory, zscore: boolean): void {
  const sheet = book.addWorksheet(sheetName(c.code), PAGE);
  const head = [
    'Peringkat',
    'Nomor',
    'Nama',
    'Kabupaten/Kota',
    'Nilai akhir',
    ...(zscore ? ['Rata-rata z'] : []),
    ...c.criteria.map((k) => `Rata-rata ${k.label.id}`),
    'Jumlah juri',
    'Simpangan',
    'Penghargaan',
    'Catatan',
  ];
  const widths = [10, 26, 30, 26, 12, ...(zscore ? [12] : []), ...c.criteria.map(() => 14), 11, 11, 20, 80];
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  // Final, z, the criterion means and the spread are scores; the rank and the juror count are not.
  const first = 6 + (zscore ? 1 : 0);
  for (let i = 5; i < first + c.criteria.length; i++) sheet.getColumn(i).numFmt = SCORE;
  sheet.getColumn(first + c.criteria.length + 1).numFmt = SCORE;
  addRow(sheet, [`${c.code} — ${c.name.id}`], true);
  addRow(sheet, head, true);
  for (const e of c.entries) {
    const note =
      e.tieText?.id ?? (e.flag === 'min_jurors' ? 'tidak diperingkat: jumlah juri kurang dari minimum' : '');
    addRow(sheet, [
      e.rank ?? '—',
      e.number,
      e.name,
      e.region,
      e.final,
      ...(zscore ? [e.z] : []),
      ...c.criteria.map((k) => e.criteria[k.code] ?? null),
      e.jurors,
      e.spread,
      awardLabel(e.award, 'id'),
      note,
    ]);
  }
  sheet.commit();
}

/** Writes the workbook to `file`; `onProgress` follows the raw-score rows. */
export async function writeWorkbook(
  d: ExportData,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  book.creator = 'seleksi';
  beritaAcara(book, d);
  const zscore = d.view.method.normalization === 'zscore';
  for (const c of d.view.categories) categorySheet(book, c, zscore);
  if (d.view.juaraUmum) {
    const sheet = book.addWorksheet('Juara Umum', PAGE);
    addRow(
      sheet,
      [
        'Peringkat',
        'Kabupaten/Kota/Provinsi',
        'Poin',
        ...d.view.method.awards.juara_umum!.points.map((_, i) => `Peringkat ${i + 1}`),
      ],
      true,
    );
    for (const r of d.view.juaraUmum) addRow(sheet, [r.rank, r.regionName, r.points, ...r.placings]);
    sheet.commit();
  }
  const excl = book.addWorksheet('Mundur & Konflik', PAGE);
  addRow(excl, ['Nomor', 'Calon', 'Juri', 'Nomor juri', 'Jenis', 'Alasan'], true);
  for (const x of d.exclusions) {
    addRow(excl, [
      x.number,
      x.nominee,
      x.juror,
      x.jurorNo,
      x.kind === 'recused' ? 'mundur' : 'konflik kepentingan',
      x.reason,
    ]);
  }
  excl.commit();
  const raw = book.addWorksheet('Nilai Mentah', PAGE);
  addRow(raw, [...RAW_SCORE_COLUMNS], true);
  d.raw.forEach((r, i) => {
    addRow(raw, rawScoreFields(r));
    if ((i + 1) % 10_000 === 0) onProgress?.(i + 1, d.raw.length);
  });
  onProgress?.(d.raw.length, d.raw.length);
  raw.commit();
  await book.commit();
}
