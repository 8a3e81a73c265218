/**
 * Loads what a ranking is computed from and turns it into the domain's input: the method, the
 * nominees, the counted scores (recused and conflicted sheets left out, by the domain's rule), the
 * jurors' public numbers, the missing sheets and those still in the queue.
 */
import type { PrismaClient, Tx } from '../db/client.ts';
import { loadPanel, loadScoreSheets, type NominationSheetsRow, type PanelRows } from '../db/ranking-sql.ts';
import {
  type Exclusion,
  exclusionOf,
  jurorNumbers,
  type MissingByJuror,
  missingSheets,
  type PanelJuror,
  type RankingInput,
  type RankingMethod,
  rankingMethodOf,
  type SheetInput,
} from '../domain/ranking/index.ts';
import { findSeleksi } from './invites.ts';

type Db = PrismaClient | Tx;

/** A seleksi with its region and categories (criteria in position order). */
export type SeleksiRecord = Awaited<ReturnType<typeof loadSeleksiRecord>>;

/** The seleksi (id or code) with what the ranking and its views need. */
export async function loadSeleksiRecord(prisma: PrismaClient, ref: string) {
  const { id } = await findSeleksi(prisma, ref);
  return prisma.seleksi.findUniqueOrThrow({
    where: { id },
    include: {
      region: true,
      categories: {
        orderBy: [{ position: 'asc' }, { code: 'asc' }],
        include: { criteria: { orderBy: [{ position: 'asc' }, { code: 'asc' }] } },
      },
    },
  });
}

/**
 * A score sheet as exports show it: its nominee, juror number, values (in the category's criterion
 * order), and why it does not count.
 */
export interface SheetFact {
  nominationId: string;
  number: string;
  category: string;
  jurorId: string;
  juror: number;
  values: number[];
  excluded: Exclusion | null;
}

/** Everything a close, a ranking view or an export needs. */
export interface RankingFacts {
  method: RankingMethod;
  panel: PanelRows;
  jurors: PanelJuror[];
  /** Person id → public juror number. */
  jurorNo: Map<string, number>;
  sheets: SheetFact[];
  missing: MissingByJuror[];
  /** Score sheets confirmed and not processed yet. */
  inFlight: number;
  /** The domain input, without `missing` and `forced` (the close decides those). */
  counted: SheetInput[];
  nominees: RankingInput['nominees'];
}

/** Loads and prepares the facts of a seleksi's ranking. */
export async function loadRankingFacts(db: Db, seleksi: SeleksiRecord): Promise<RankingFacts> {
  const method = rankingMethodOf({
    level: seleksi.level,
    normalization: seleksi.normalization,
    trimFraction: seleksi.trimFraction,
    tieBreak: seleksi.tieBreak,
    definition: seleksi.definition,
    categories: seleksi.categories,
  });
  const [panel, sheetRows] = await Promise.all([loadPanel(db, seleksi.id), loadScoreSheets(db, seleksi.id)]);
  const jurors: PanelJuror[] = panel.jurors.map((j) => ({
    personId: j.person_id,
    name: j.name,
    homeRegion: j.home_region,
    categories: j.categories,
  }));
  const parsed = parseSheets(sheetRows);
  const jurorNo = jurorNumbers(
    jurors,
    parsed.map((s) => s.jurorId),
  );
  const nomineeById = new Map(panel.nominees.map((n) => [n.id, n]));
  const jurorById = new Map(jurors.map((j) => [j.personId, j]));
  const recused = new Set(panel.recusals.map((r) => `${r.nomination_id}|${r.juror_id}`));
  // The values arrive in criterion id order; the ranking wants the category's order.
  const orderOf = new Map(
    seleksi.categories.map((c) => {
      const byId = c.criteria.map((k) => k.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return [c.code, c.criteria.map((k) => byId.indexOf(k.id))];
    }),
  );

  const sheets: SheetFact[] = [];
  const counted: SheetInput[] = [];
  for (const p of parsed) {
    const nominee = nomineeById.get(p.nominationId);
    const order = nominee && orderOf.get(nominee.category);
    if (!nominee || !order) continue;
    const values = order.map((i) => p.values[i]!);
    const juror = jurorNo.get(p.jurorId)!;
    const home = jurorById.get(p.jurorId)?.homeRegion ?? null;
    const excluded = exclusionOf(
      { homeRegion: home, personId: p.jurorId },
      nominee,
      recused.has(`${p.nominationId}|${p.jurorId}`),
    );
    sheets.push({
      nominationId: p.nominationId,
      number: nominee.number,
      category: nominee.category,
      jurorId: p.jurorId,
      juror,
      values,
      excluded,
    });
    if (!excluded) counted.push({ number: nominee.number, juror, values });
  }
  const key = (r: { nomination_id: string; juror_id: string }) => `${r.nomination_id}|${r.juror_id}`;
  const missing = missingSheets(jurors, panel.nominees, {
    sheets: new Set(parsed.map((p) => `${p.nominationId}|${p.jurorId}`)),
    recusals: recused,
    inFlight: new Set(panel.inFlight.map(key)),
  });
  return {
    method,
    panel,
    jurors,
    jurorNo,
    sheets,
    missing,
    inFlight: panel.inFlight.length,
    counted,
    nominees: panel.nominees.map((n) => ({
      number: n.number,
      category: n.category,
      region: n.region,
      submittedAt: n.submitted_at.toISOString(),
    })),
  };
}

/** Splits the per-nomination rows of loadScoreSheets into sheets. */
function parseSheets(
  rows: NominationSheetsRow[],
): { nominationId: string; jurorId: string; values: number[] }[] {
  const out: { nominationId: string; jurorId: string; values: number[] }[] = [];
  for (const row of rows) {
    for (const sheet of row.sheets.split(';')) {
      const colon = sheet.indexOf(':');
      out.push({
        nominationId: row.nomination_id,
        jurorId: sheet.slice(0, colon),
        values: sheet
          .slice(colon + 1)
          .split(',')
          .map(Number),
      });
    }
  }
  return out;
}
