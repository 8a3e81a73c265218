import { parse } from 'csv-parse/sync';
import type { PrismaClient } from '../db/client.ts';
import { type MemberRow, upsertMembers } from '../db/members.ts';
import { recentSeleksiCodes } from '../db/seleksi-records.ts';
import { parsePhone } from '../flow-engine/parse-answer.ts';
import { coveredKabupaten, findSeleksi, pickRegion } from './invites.ts';
import { SeleksiError } from './seleksi-errors.ts';

/**
 * `seleksi members import`: pre-registers the members of a seleksi from a CSV file (name, phone,
 * optional kabupaten/kota). Each is a person known by their phone number, so when they first write on
 * WhatsApp from that number the chat is theirs (app/phone-match.ts), without an invite.
 */

/** Column names accepted for each field (lower case, spaces as underscores). */
const COLUMNS = {
  name: ['name', 'nama', 'nama_lengkap'],
  phone: ['phone', 'no_hp', 'hp', 'nomor_hp', 'telepon', 'whatsapp', 'no_wa', 'nomor'],
  region: ['kabupaten/kota', 'kabupaten_kota', 'kabupaten', 'kota', 'kab/kota', 'region', 'wilayah'],
} as const;

/** A row that cannot be imported: its line in the file and why (Bahasa Indonesia, then English). */
export interface RowError {
  line: number;
  message: string;
}

/** What an import did. */
export interface ImportResult {
  seleksiCode: string;
  /** Rows read (without the header). */
  rows: number;
  imported: number;
  peopleCreated: number;
  membershipsCreated: number;
  errors: RowError[];
}

/** Options of {@link importMembers}. */
export interface ImportOptions {
  /** Seleksi id or code; when absent, the database's only seleksi. */
  seleksi?: string;
  /** The CSV text (a header row, then one member per row; `,` or `;` separated). */
  csv: string;
  /** Rows per transaction. @defaultValue 1000 */
  batchSize?: number;
  /** Called after each batch. */
  onProgress?(done: number, total: number): void;
}

function column(header: string[], names: readonly string[]): number {
  const norm = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  return norm.findIndex((h) => names.includes(h));
}

/** Reads the file's records; a file that is not CSV fails as a whole, with its line. */
function records(csv: string): string[][] {
  const firstLine = csv.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parse(csv, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new SeleksiError(
      `berkas CSV tidak dapat dibaca (the CSV file cannot be read): ${(error as Error).message}`,
    );
  }
}

/** Imports the members; rows with errors are left out and reported, the others are written. */
export async function importMembers(prisma: PrismaClient, options: ImportOptions): Promise<ImportResult> {
  const seleksi = await findSeleksi(prisma, options.seleksi ?? (await onlySeleksi(prisma)));
  const [header, ...body] = records(options.csv);
  const at = { name: column(header ?? [], COLUMNS.name), phone: column(header ?? [], COLUMNS.phone) };
  if (!header || at.name < 0 || at.phone < 0) {
    throw new SeleksiError(
      'baris pertama harus judul kolom dengan "nama" dan "no_hp" (opsional "kabupaten/kota") ' +
        '(the first row must name the columns: name, phone, optional kabupaten/kota)',
    );
  }
  const regionAt = column(header, COLUMNS.region);
  const kabupaten = regionAt >= 0 ? await coveredKabupaten(prisma, seleksi) : [];
  const errors: RowError[] = [];
  const valid: MemberRow[] = [];
  const check = createRowCheck(
    at,
    regionAt,
    (typed) => pickRegion(typed, kabupaten, seleksi.region.name).code,
  );
  body.forEach((record, index) => {
    const line = index + 2;
    const checked = check(record, line);
    if (typeof checked === 'string') errors.push({ line, message: checked });
    else valid.push(checked);
  });

  const result: ImportResult = {
    seleksiCode: seleksi.code,
    rows: body.length,
    imported: 0,
    peopleCreated: 0,
    membershipsCreated: 0,
    errors,
  };
  const size = options.batchSize ?? 1000;
  options.onProgress?.(0, valid.length);
  for (let i = 0; i < valid.length; i += size) {
    const batch = valid.slice(i, i + size);
    const written = await upsertMembers(prisma, seleksi.id, batch);
    result.imported += batch.length;
    result.peopleCreated += written.peopleCreated;
    result.membershipsCreated += written.membershipsCreated;
    options.onProgress?.(result.imported, valid.length);
  }
  return result;
}

/**
 * Checks rows one by one: the member of a row, or why it cannot be imported (Bahasa Indonesia, then
 * English). Remembers the phone numbers seen, so a repeat names the line that had it first.
 */
function createRowCheck(
  at: { name: number; phone: number },
  regionAt: number,
  regionCodeOf: (typed: string) => string,
): (record: string[], line: number) => MemberRow | string {
  const seenPhone = new Map<string, number>();
  const regionCache = new Map<string, string>();
  return (record, line) => {
    const name = record[at.name]?.trim() ?? '';
    if (!name) return 'nama kosong (name is empty)';
    if (name.length > 200) return 'nama lebih dari 200 huruf (name longer than 200 characters)';
    const rawPhone = record[at.phone]?.trim() ?? '';
    if (!rawPhone) return 'nomor HP kosong (phone is empty)';
    const phone = parsePhone(rawPhone, 'id');
    if (!phone.ok) return `${phone.error} (${(parsePhone(rawPhone, 'en') as { error: string }).error})`;
    const first = seenPhone.get(phone.value);
    if (first) return `nomor ${phone.value} sudah ada di baris ${first} (same number as line ${first})`;
    const typed = regionAt >= 0 ? (record[regionAt]?.trim() ?? '') : '';
    let regionCode: string | null = null;
    if (typed) {
      try {
        regionCode = regionCache.get(typed) ?? regionCodeOf(typed);
        regionCache.set(typed, regionCode);
      } catch (error) {
        return (error as Error).message;
      }
    }
    seenPhone.set(phone.value, line);
    return { name, phone: phone.value, regionCode };
  };
}

/** The code of the database's only seleksi (PRODUCT.md names `members import --file F.csv` alone). */
async function onlySeleksi(prisma: PrismaClient): Promise<string> {
  const all = await recentSeleksiCodes(prisma, 6);
  if (all.length === 1) return all[0]!;
  throw new SeleksiError(
    all.length === 0
      ? 'belum ada seleksi; buat dulu dengan seleksi create (no seleksi yet)'
      : `ada beberapa seleksi, pilih dengan --seleksi: ${all
          .slice(0, 5)
          .join(', ')} (several seleksi: choose one with --seleksi)`,
  );
}
