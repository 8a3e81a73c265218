import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowKinds } from '../../src/app/flow-steps/index.ts';
import { createInboundHandler } from '../../src/app/handle-inbound.ts';
import { numberedText } from '../../src/channels/core/numbered.ts';
import { FLOWS_DIR } from '../../src/config/project-root.ts';
import type { OutboundMessage } from '../../src/core/messages.ts';
import { READ_CHATS } from '../../src/db/chat-sql.ts';
import { readChatsValues } from '../../src/db/chat-store.ts';
import { createPgPool, pgPoolOf } from '../../src/db/client.ts';
import {
  JUROR_COUNTS,
  JUROR_NOMINEES,
  JUROR_OPEN_PAGE,
  JUROR_SEARCH_COUNT,
  JUROR_SEARCH_PAGE,
  nomineesParams,
} from '../../src/db/juror-sql.ts';
import { loadRegions } from '../../src/db/regions.ts';
import type { Statement } from '../../src/db/statement.ts';
import { createFlowEngine } from '../../src/flow-engine/engine.ts';
import { loadFlows } from '../../src/flow-engine/load.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { type ScoringRound, seedScoringRound } from '../support/juror-seed.ts';

// A juror's message on a seleksi of a national round's size (5,000 nominations per category, ~3.7 KB
// of answers each) reads a bounded number of rows whatever plan Postgres caches for the prepared
// statements, and never pays for JIT compilation: the bot's sessions have JIT off (createPgPool).
let db: TestDb;
let round: ScoringRound;
beforeAll(async () => {
  db = await createTestDb('juror_plans');
  await loadRegions(pgPoolOf(db.prisma));
  round = await seedScoringRound(db, { perCategory: 5000, jurors: 3 });
  // Midway through scoring: juror 2 scored everything, juror 1 the first 30 of each category.
  await db.prisma.$executeRaw`
    INSERT INTO score_sheet (id, seleksi_id, nomination_id, juror_id, submitted_at)
    SELECT 'ss-' || j.id || '-' || n.id, n.seleksi_id, n.id, j.id, now()
      FROM nomination n CROSS JOIN person j
     WHERE j.id = 'r-j2' OR (j.id = 'r-j1' AND n.seq <= 30)`;
  await db.prisma.$executeRawUnsafe('ANALYZE');
}, 300_000);
afterAll(async () => {
  await db?.drop();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** EXPLAIN ANALYZE of a statement the pool prepared (by its name), as the bot's session runs it. */
async function explain(
  client: pg.PoolClient,
  statement: Statement,
  values: unknown[],
): Promise<{ plan: PlanNode; jit: unknown; rows: number }> {
  // EXECUTE takes no bind parameters inside EXPLAIN: the test's own values, quoted.
  const literal = (v: unknown): string =>
    Array.isArray(v)
      ? `ARRAY[${v.map(literal).join(', ')}]::${typeof v[0] === 'number' ? 'int' : 'text'}[]`
      : typeof v === 'number'
        ? String(v)
        : client.escapeLiteral(String(v));
  const { rows } = await client.query(
    `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ${statement.name}(${values.map(literal).join(', ')})`,
  );
  const [doc] = rows[0]!['QUERY PLAN'] as [{ Plan: PlanNode; JIT?: unknown }];
  // Rows read: every node's rows over all its loops (a whole-table walk shows up here).
  const read = nodes(doc.Plan).reduce((n, x) => n + (x['Actual Rows'] ?? 0) * (x['Actual Loops'] ?? 1), 0);
  return { plan: doc.Plan, jit: doc.JIT, rows: read };
}

describe("a juror's reads at 5,000 nominations per category", () => {
  it('stay bounded and JIT-free past the switch to a generic plan', async () => {
    const pool = createPgPool(db.url, 1);
    const client = await pool.connect();
    try {
      expect((await client.query('SHOW jit')).rows[0]).toEqual({ jit: 'off' });
      const juror = round.jurors[0]!;
      const base = [juror.personId, round.seleksiId, round.categoryIds, '63.71'];
      const nominee = 'r-TKSK-4321';
      const reads: [Statement, unknown[]][] = [
        [
          JUROR_NOMINEES,
          nomineesParams([
            {
              jurorId: juror.personId,
              seleksiId: round.seleksiId,
              categoryIds: round.categoryIds,
              regionCode: '63.71',
              nominationId: nominee,
            },
          ]),
        ],
        [JUROR_OPEN_PAGE, [...base, 0, 10]],
        [JUROR_OPEN_PAGE, [...base, 40, 10]],
        [JUROR_COUNTS, base],
        [READ_CHATS, readChatsValues('telegram', [{ chatId: juror.chatId, messageId: 'm1' }], new Date())],
      ];
      // Eight runs each: from the sixth on, Postgres may keep a generic plan for good.
      for (let run = 0; run < 8; run++) {
        for (const [statement, values] of reads) {
          await client.query({ name: statement.name, text: statement.text, values });
        }
      }
      for (const mode of ['auto', 'force_generic_plan'] as const) {
        await client.query(`SET plan_cache_mode = ${mode}`);
        const chosen = await explain(client, JUROR_NOMINEES, reads[0]![1]);
        expect(chosen.jit).toBeUndefined();
        expect(chosen.rows).toBeLessThan(50);
        const page = await explain(client, JUROR_OPEN_PAGE, reads[2]![1]);
        expect(page.jit).toBeUndefined();
        // Each category's walk stops after the 30 scored and offset + page size open rows.
        expect(page.rows).toBeLessThan(round.categoryIds.length * 4 * (30 + 50));
        const load = await explain(client, READ_CHATS, reads[4]![1]);
        expect(load.jit).toBeUndefined();
        expect(load.rows).toBeLessThan(50);
        for (const x of [chosen, page, load].flatMap((e) => nodes(e.plan))) {
          expect(`${x['Node Type']} ${x['Relation Name'] ?? ''}`).not.toMatch(
            /Seq Scan (nomination|score_sheet)/,
          );
        }
      }
      const counts = await client.query({ name: JUROR_COUNTS.name, text: JUROR_COUNTS.text, values: base });
      // 13 kabupaten/kota, one of them the juror's own: 12 of every 13 nominations are theirs.
      const own = Array.from({ length: 5000 }, (_, i) => i + 1).filter((g) => g % 13 === 11).length;
      // Juror 1 scored the first 30 of each category, 2 of them (11 and 24) of their own kota.
      const categories = round.categoryIds.length;
      expect(counts.rows[0]).toEqual({
        nominees: categories * (5000 - own),
        recused: 0,
        done: categories * 28,
      });
      const page = await client.query({
        name: JUROR_OPEN_PAGE.name,
        text: JUROR_OPEN_PAGE.text,
        values: reads[1]![1],
      });
      expect(page.rows).toHaveLength(10);
      expect(page.rows.every((r) => r.region_code !== '63.71')).toBe(true);

      // Searches: a number typed alone, a name, a kabupaten/kota; one of the juror's own kota says so.
      const search = async (text: string | null, seq: number | null) => {
        const values = [...base.slice(1), text, seq, juror.personId];
        const [n] = (
          await client.query({ name: JUROR_SEARCH_COUNT.name, text: JUROR_SEARCH_COUNT.text, values })
        ).rows;
        const { rows } = await client.query({
          name: JUROR_SEARCH_PAGE.name,
          text: JUROR_SEARCH_PAGE.text,
          values: [...base, 0, 10, text, seq],
        });
        return { ...n, numbers: rows.map((r) => `${r.number}${r.scored ? ' ✅' : ''}`) };
      };
      expect(await search(null, 4321)).toMatchObject({ matches: 5, hidden_own: 0 });
      expect(await search(null, 24)).toMatchObject({ matches: 0, hidden_own: 5 });
      expect(await search('calon tksk 4321', null)).toEqual({
        matches: 1,
        hidden_own: 0,
        numbers: ['R-2026-TKSK-4321'],
      });
      expect(await search(null, 7)).toMatchObject({
        numbers: expect.arrayContaining(['R-2026-TKSK-0007 ✅']),
      });
      const kota = await search('banjarbaru', null);
      expect(kota.matches).toBe(round.categoryIds.length * Math.ceil((5000 - 12) / 13));
      expect(kota.numbers).toHaveLength(10);
    } finally {
      client.release();
      await pool.end();
    }
  }, 120_000);
});

describe('nilai at 5,000 nominations per category, through the handler', () => {
  it("pages, searches and explains, every reply within Telegram's limits", async () => {
    const pool = createPgPool(db.url, 2);
    const handler = createInboundHandler({
      prisma: db.prisma,
      engine: createFlowEngine(loadFlows(FLOWS_DIR, flowKinds), flowKinds),
      sink: { enqueue: async () => {} },
      pool,
    });
    let id = 0;
    const say = async (text: string): Promise<OutboundMessage[]> =>
      handler.handle({
        channel: 'telegram',
        chatId: round.jurors[2]!.chatId,
        messageId: `h${++id}`,
        receivedAt: new Date(),
        content: { type: 'text', text },
      });
    try {
      const replies: OutboundMessage[][] = [];
      for (const text of ['nilai', 'lagi', 'sebelumnya', 'Banjarbaru', '24', 'semua', '3'])
        replies.push(await say(text));
      for (const m of replies.flat()) {
        expect(m.choices?.length ?? 0).toBeLessThanOrEqual(100);
        if (m.choices) expect(numberedText(m).length).toBeLessThanOrEqual(4096);
      }
      const [first, next, , kota, own, , dossier] = replies.map((r) => r.map((m) => m.text).join('\n'));
      const open = round.categoryIds.length * (5000 - 384);
      expect(first).toContain(`Halaman 1 dari ${Math.ceil(open / 10)} (${open} calon)`);
      expect(replies[0]![0]!.choices).toHaveLength(10);
      expect(next).toContain('Halaman 2 dari');
      expect(kota).toContain(`Hasil pencarian "Banjarbaru": ${round.categoryIds.length * 384} calon`);
      expect(own).toMatch(/berasal dari kabupaten\/kota Anda sendiri/);
      expect(dossier).toMatch(/Berkas R-2026-PSM-0003|Berkas R-2026-\w+-0003/);
    } finally {
      await pool.end();
    }
  }, 120_000);
});
