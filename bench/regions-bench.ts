/**
 * `npm run bench -- regions`: times `loadRegions` (all four levels of idn-area-data, 91,599 rows)
 * on an empty private schema and again on a full one (the idempotent re-run). Prints one JSON
 * document. The bar is under 30 s for the first load.
 */
import os from 'node:os';
import { pgPoolOf } from '../src/db/client.ts';
import { loadRegions } from '../src/db/regions.ts';
import { createTestDb } from '../test/support/db.ts';

const db = await createTestDb('bench_regions');
try {
  const time = async () => {
    const started = performance.now();
    const result = await loadRegions(pgPoolOf(db.prisma));
    return { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), ...result };
  };
  const first = await time();
  const second = await time();
  process.stdout.write(
    `${JSON.stringify({ bench: 'regions-load', rows: first.inserted, first, second, loadavg: os.loadavg() }, null, 2)}\n`,
  );
} finally {
  await db.drop();
}
