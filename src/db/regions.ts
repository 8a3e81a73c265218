import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../config/project-root.ts';
import { parseCsv } from '../domain/csv.ts';

/** The four administrative levels, in load order (parents before children, for the foreign key). */
export const REGION_FILES = [
  { level: 'PROVINCE', file: 'provinces.csv', parentColumn: null },
  { level: 'REGENCY', file: 'regencies.csv', parentColumn: 'province_code' },
  { level: 'DISTRICT', file: 'districts.csv', parentColumn: 'regency_code' },
  { level: 'VILLAGE', file: 'villages.csv', parentColumn: 'district_code' },
] as const;

export type RegionLevelName = (typeof REGION_FILES)[number]['level'];

/** Rows per INSERT statement: large enough to be fast, small enough to keep each statement light. */
const BATCH_SIZE = 10_000;

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface LoadRegionsOptions {
  /** Called after each batch (and once with done = 0 per level). */
  onProgress?(level: string, done: number, total: number): void;
  /** Folder of the idn-area-data CSV files. @defaultValue node_modules/idn-area-data/data */
  dataDir?: string;
}

export interface LoadRegionsResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Reads one level's CSV into region rows. */
export function readRegionFile(dataDir: string, file: string, parentColumn: string | null): RegionRow[] {
  const [header, ...rows] = parseCsv(readFileSync(join(dataDir, file), 'utf8'));
  if (!header) throw new Error(`${file} is empty`);
  const codeAt = header.indexOf('code');
  const nameAt = header.indexOf('name');
  const parentAt = parentColumn ? header.indexOf(parentColumn) : -1;
  if (codeAt < 0 || nameAt < 0 || (parentColumn && parentAt < 0)) {
    throw new Error(`${file}: unexpected header ${header.join(',')}`);
  }
  return rows.map((r) => ({
    code: r[codeAt]!.trim(),
    name: r[nameAt]!.trim(),
    parentCode: parentAt >= 0 ? r[parentAt]!.trim() : null,
  }));
}

/** The upsert of one batch of one level; rows that did not change are not returned at all. */
const UPSERT_REGIONS =
  // xmax = 0 marks a freshly inserted row.
  `INSERT INTO region (code, level, name, parent_code)
     SELECT code, $4::"RegionLevel", name, parent_code
       FROM unnest($1::text[], $2::text[], $3::text[]) AS t(code, name, parent_code)
     ON CONFLICT (code) DO UPDATE
       SET level = EXCLUDED.level, name = EXCLUDED.name, parent_code = EXCLUDED.parent_code
       WHERE (region.level, region.name, region.parent_code)
         IS DISTINCT FROM (EXCLUDED.level, EXCLUDED.name, EXCLUDED.parent_code)
     RETURNING (xmax = 0) AS inserted`;

/**
 * Loads the official area list of idn-area-data (38 provinces, 514 kabupaten/kota, 7,285 kecamatan,
 * 83,762 desa/kelurahan) into `region`, in one transaction on a connection of `pool`. Batched
 * `INSERT … SELECT FROM unnest()` with `ON CONFLICT … DO UPDATE … WHERE` something changed, so a
 * second run writes nothing and reports every row unchanged.
 */
export async function loadRegions(pool: pg.Pool, opts: LoadRegionsOptions = {}): Promise<LoadRegionsResult> {
  const dataDir = opts.dataDir ?? join(projectRoot, 'node_modules', 'idn-area-data', 'data');
  const levels = REGION_FILES.map((f) => ({ ...f, rows: readRegionFile(dataDir, f.file, f.parentColumn) }));
  const result: LoadRegionsResult = { inserted: 0, updated: 0, unchanged: 0 };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const { level, rows } of levels) {
      opts.onProgress?.(level, 0, rows.length);
      for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        const batch = rows.slice(start, start + BATCH_SIZE);
        const changed = await client.query<{ inserted: boolean }>(UPSERT_REGIONS, [
          batch.map((r) => r.code),
          batch.map((r) => r.name),
          batch.map((r) => r.parentCode),
          level,
        ]);
        const inserted = changed.rows.filter((r) => r.inserted).length;
        result.inserted += inserted;
        result.updated += changed.rows.length - inserted;
        result.unchanged += batch.length - changed.rows.length;
        opts.onProgress?.(level, Math.min(start + BATCH_SIZE, rows.length), rows.length);
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  return result;
}
