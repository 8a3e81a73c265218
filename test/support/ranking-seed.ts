/**
 * A scored seleksi of any size, written straight into the tables (no queue): for the close bench
 * (10,000 nominations × 5 jurors × 5 criteria) and the ranking integration tests. Scores are a
 * deterministic function of (nomination, juror, criterion), so every run ranks the same way.
 */
import { createSeleksi } from '../../src/app/create-seleksi.ts';
import type { PrismaClient } from '../../src/db/client.ts';
import { parseDefinition } from '../../src/domain/definition/validate.ts';

export interface RankingSeedOptions {
  /** Nominations over all categories. */
  nominations: number;
  /** Jurors per category; each scores every nominee of their category. */
  jurorsPerCategory: number;
  code?: string;
  normalization?: 'mean' | 'trimmed_mean' | 'zscore';
  phase?: 'SCORING' | 'CLOSED';
}

const CATEGORIES = ['PSM', 'TKSK', 'KARANG_TARUNA', 'LKS', 'TAGANA'];
const CRITERIA = [
  ['TUGAS_POKOK', 25],
  ['KERJA_SAMA', 20],
  ['INOVASI', 30],
  ['DAMPAK', 15],
  ['PRESENTASI', 10],
] as const;

/** A national definition: five categories of five criteria on 1–100. */
export function nationalDefinitionYaml(code: string, normalization = 'mean'): string {
  const criteria = CRITERIA.map(
    ([c, w]) => `      - { code: ${c}, label: ${c.toLowerCase()}, weight: ${w}, min: 1, max: 100 }`,
  ).join('\n');
  const categories = CATEGORIES.map(
    (c) => `  - code: ${c}\n    name: ${c}\n    subject: person\n    criteria:\n${criteria}`,
  ).join('\n');
  return `name: Seleksi Pilar Sosial Nasional (bench)
code: ${code}
level: nasional
region: Indonesia
year: 2026
scoring: { normalization: ${normalization}, tie_break: [criterion:INOVASI, spread, submitted_at, lot], min_jurors: 2 }
awards: { juara: 3, harapan: 3, juara_umum: { points: [5, 3, 1] } }
categories:
${categories}
`;
}

/** Creates and scores the seleksi; returns its id and code. */
export async function seedRankedSeleksi(
  prisma: PrismaClient,
  opts: RankingSeedOptions,
): Promise<{ id: string; code: string }> {
  const code = opts.code ?? 'NASIONAL-2026';
  const def = parseDefinition(nationalDefinitionYaml(code, opts.normalization), 'bench.yaml');
  const { id } = await createSeleksi(prisma, def, 'ID');
  await prisma.$executeRaw`UPDATE seleksi SET phase = ${opts.phase ?? 'SCORING'}::"Phase" WHERE id = ${id}`;
  // Jurors: person + membership, jurorsPerCategory per category, joined in order.
  await prisma.$executeRaw`
    WITH j AS (
      SELECT c.id AS category_id, c.code, g AS k, c.code || '-J' || g AS pid
        FROM category c, generate_series(1, ${opts.jurorsPerCategory}::int) g
       WHERE c.seleksi_id = ${id}
    ), p AS (
      INSERT INTO person (id, name) SELECT ${id} || pid, 'Juri ' || pid FROM j RETURNING id
    )
    INSERT INTO membership (id, person_id, seleksi_id, role, categories, created_at)
    SELECT ${id} || 'm' || pid, ${id} || pid, ${id}, 'JUROR', ARRAY[code], now() + k * interval '1 ms'
      FROM j`;
  // Nominations spread over the categories and over 38 provinces × 10 kabupaten.
  await prisma.$executeRaw`
    WITH c AS (
      SELECT id, code, row_number() OVER (ORDER BY position) - 1 AS i, count(*) OVER () AS n
        FROM category WHERE seleksi_id = ${id}
    )
    INSERT INTO nomination (id, seleksi_id, category_id, region_code, number, seq, nominee_name, answers,
                            submitted_by_id, submitted_at, updated_at)
    SELECT ${id} || 'n' || g, ${id}, c.id,
           (11 + g % 38)::text || '.' || lpad((1 + g % 10)::text, 2, '0'),
           ${code} || '-' || c.code || '-' || lpad((g / c.n + 1)::text, 5, '0'), g / c.n + 1,
           'Calon ' || g, '{}'::jsonb, 'seed', now() - interval '1 day' + g * interval '1 ms', now()
      FROM generate_series(0, ${opts.nominations - 1}::int) g JOIN c ON c.i = g % c.n`;
  await prisma.$executeRaw`
    INSERT INTO score_sheet (id, seleksi_id, nomination_id, juror_id, submitted_at)
    SELECT n.id || m.person_id, ${id}, n.id, m.person_id, now()
      FROM nomination n
      JOIN category c ON c.id = n.category_id
      JOIN membership m ON m.seleksi_id = n.seleksi_id AND m.role = 'JUROR' AND c.code = ANY(m.categories)
     WHERE n.seleksi_id = ${id}`;
  await prisma.$executeRaw`
    INSERT INTO score (nomination_id, juror_id, criterion_id, value)
    SELECT ss.nomination_id, ss.juror_id, cr.id,
           40 + abs(hashtext(ss.nomination_id || ss.juror_id || cr.code)) % 61
      FROM score_sheet ss
      JOIN nomination n ON n.id = ss.nomination_id
      JOIN criterion cr ON cr.category_id = n.category_id
     WHERE ss.seleksi_id = ${id}`;
  // What autovacuum does within a minute of so many inserts (a close comes days after the last sheet).
  await prisma.$executeRaw`ANALYZE nomination`;
  await prisma.$executeRaw`ANALYZE score_sheet`;
  await prisma.$executeRaw`ANALYZE score`;
  return { id, code };
}
