/**
 * The official regions the tests need, loaded fast: every province and kabupaten/kota, but kecamatan
 * and desa of Kalimantan Selatan (63) only — a few thousand rows instead of 91,000. Tests that are
 * about `seleksi regions load` itself (regions.test.ts, cli-tour) load the full list.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/project-root.ts';
import { type PrismaClient, pgPoolOf } from '../../src/db/client.ts';
import { type LoadRegionsResult, loadRegions, REGION_FILES } from '../../src/db/regions.ts';

const FULL = join(projectRoot, 'node_modules', 'idn-area-data', 'data');
let dataDir: string | null = null;

/** Writes the subset's CSV files once per process; returns their folder (a `dataDir` of loadRegions). */
export function kalselRegionsDir(): string {
  if (dataDir) return dataDir;
  const dir = join(tmpdir(), `seleksi-regions-63-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (const { file, level } of REGION_FILES) {
    const [header, ...lines] = readFileSync(join(FULL, file), 'utf8').split('\n');
    const keep =
      level === 'DISTRICT' || level === 'VILLAGE' ? lines.filter((l) => l.startsWith('63.')) : lines;
    writeFileSync(join(dir, file), [header, ...keep].join('\n'));
  }
  dataDir = dir;
  return dir;
}

/** Loads the Kalimantan Selatan subset of the official regions into the database of `prisma`. */
export function loadKalselRegions(prisma: PrismaClient): Promise<LoadRegionsResult> {
  return loadRegions(pgPoolOf(prisma), { dataDir: kalselRegionsDir() });
}
