import { createSeleksi, readDefinitionFile, resolveRegion } from '../../src/app/create-seleksi.ts';
import { openPhase } from '../../src/app/phase.ts';
import { projectRoot } from '../../src/config/project-root.ts';
import type { TestDb } from './db.ts';

/** What the seed needs of a test database: its client (a bench's seeding child has only that). */
export type SeedDb = Pick<TestDb, 'prisma'>;

/** A juror of a seeded scoring round: their person and their Telegram chat. */
export interface SeededJuror {
  personId: string;
  chatId: string;
}

/** What {@link seedScoringRound} made. */
export interface ScoringRound {
  seleksiId: string;
  /** The category ids, in the seleksi's order. */
  categoryIds: string[];
  jurors: SeededJuror[];
}

/** The kabupaten/kota of Kalimantan Selatan (loadRegions must have run for their names). */
const KALSEL = [
  '63.01',
  '63.02',
  '63.03',
  '63.04',
  '63.05',
  '63.06',
  '63.07',
  '63.08',
  '63.09',
  '63.10',
  '63.11',
  '63.71',
  '63.72',
];

/**
 * A seleksi in the scoring phase (the official regions must be loaded first) as a national round has it: `perCategory` nominations in each
 * category of examples/kalsel-2026.yaml, spread over the kabupaten/kota, with answers of ~3.7 KB
 * that do not compress away (as a real dossier's text), and `jurors` jurors of every category
 * whose home is Kota Banjarmasin (63.71), each with a Telegram chat `<prefix><n>`. `prefix` keeps
 * several rounds apart in one schema; the numbers then start with it too.
 */
export async function seedScoringRound(
  db: SeedDb,
  options: { perCategory: number; jurors: number; prefix?: string },
): Promise<ScoringRound> {
  const prefix = options.prefix ?? 'r';
  const file = `${projectRoot}/examples/kalsel-2026.yaml`;
  const def = await readDefinitionFile(file);
  const region = await resolveRegion(db.prisma, file, def);
  const seleksi = await createSeleksi(
    db.prisma,
    { ...def, code: `${prefix.toUpperCase()}-2026` },
    region.code,
  );
  const categories = await db.prisma.category.findMany({
    where: { seleksiId: seleksi.id },
    orderBy: [{ position: 'asc' }, { code: 'asc' }],
  });
  await db.prisma.$executeRaw`
    INSERT INTO person (id, name) VALUES (${`${prefix}-officer`}, 'Petugas Benih')`;
  await db.prisma.$executeRaw`
    INSERT INTO nomination (id, seleksi_id, category_id, region_code, number, seq, nominee_name, answers,
                            submitted_by_id, updated_at)
    SELECT ${prefix} || '-' || c.code || '-' || g, c.seleksi_id, c.id,
           (${KALSEL}::text[])[1 + g % ${KALSEL.length}],
           ${`${prefix.toUpperCase()}-2026`} || '-' || c.code || '-' || lpad(g::text, 4, '0'), g,
           'Calon ' || c.code || ' ' || g,
           jsonb_build_object('nama', 'Calon ' || c.code || ' ' || g, 'kategori', c.code,
                              'inovasi', (SELECT string_agg(md5(g::text || '-' || k || c.code), ' ')
                                            FROM generate_series(1, 110) k)),
           ${`${prefix}-officer`}, now()
      FROM category c CROSS JOIN generate_series(1, ${options.perCategory}::int) g
     WHERE c.seleksi_id = ${seleksi.id}`;
  await openPhase(db.prisma, seleksi.id, 'NOMINATION');
  await openPhase(db.prisma, seleksi.id, 'SCORING');
  const codes = categories.map((c) => c.code);
  await db.prisma.$executeRaw`
    INSERT INTO person (id, name) SELECT ${prefix} || '-j' || g, 'Juri ' || g
      FROM generate_series(1, ${options.jurors}::int) g`;
  await db.prisma.$executeRaw`
    INSERT INTO channel_identity (id, person_id, channel, external_id)
    SELECT ${prefix} || '-ci' || g, ${prefix} || '-j' || g, 'TELEGRAM', ${prefix} || g
      FROM generate_series(1, ${options.jurors}::int) g`;
  await db.prisma.$executeRaw`
    INSERT INTO membership (id, person_id, seleksi_id, role, region_code, categories)
    SELECT ${prefix} || '-m' || g, ${prefix} || '-j' || g, ${seleksi.id}, 'JUROR', '63.71', ${codes}::text[]
      FROM generate_series(1, ${options.jurors}::int) g`;
  await db.prisma.$executeRawUnsafe('ANALYZE');
  return {
    seleksiId: seleksi.id,
    categoryIds: categories.map((c) => c.id),
    jurors: Array.from({ length: options.jurors }, (_, i) => ({
      personId: `${prefix}-j${i + 1}`,
      chatId: `${prefix}${i + 1}`,
    })),
  };
}
