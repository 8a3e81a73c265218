/**
 * Loads what a ranking is computed from and turns it into the domain's input: the method, the
 * nominees, the counted scores (recused and conflicted sheets left out, by the domain's rule), the
 * jurors' public numbers, the missing sheets and those still in the queue.
 */
import { type PrismaClient, pgPoolOf } from '../db/client.ts';
import { type PanelRows, readRankingRows } from '../db/ranking-facts-sql.ts';
import { seleksiWithCategories } from '../db/seleksi-records.ts';
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
  type SheetFacts,
  type SheetInput,
} from '../domain/ranking/index.ts';
import { findSeleksi } from './invites.ts';

/** A seleksi with its region and categories (criteria in position order). */
export type SeleksiRecord = Awaited<ReturnType<typeof loadSeleksiRecord>>;

/** The seleksi (id or code) with what the ranking and its views need. */
export async function loadSeleksiRecord(prisma: PrismaClient, ref: string) {
  const { id } = await findSeleksi(prisma, ref);
  return seleksiWithCategories(prisma, id);
}

/**
 * A score sheet: its nominee, juror number, values (in the category's criterion order), and why it
 * does not count. The counted ones are the domain's input as they are (a {@link SheetInput}).
 */
export interface SheetFact extends SheetInput {
  nominationId: string;
  category: string;
  jurorId: string;
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

/** Loads and prepares the facts of a seleksi's ranking (one snapshot; see readRankingRows). */
export async function loadRankingFacts(prisma: PrismaClient, seleksi: SeleksiRecord): Promise<RankingFacts> {
  const method = rankingMethodOf({
    level: seleksi.level,
    normalization: seleksi.normalization,
    trimFraction: seleksi.trimFraction,
    tieBreak: seleksi.tieBreak,
    definition: seleksi.definition,
    categories: seleksi.categories,
  });
  const criterionIds = seleksi.categories.flatMap((c) => c.criteria.map((k) => k.id));
  const rows = await readRankingRows(pgPoolOf(prisma), seleksi.id, criterionIds);
  const jurors: PanelJuror[] = rows.jurors.map((j) => ({
    personId: j.person_id,
    name: j.name,
    homeRegion: j.home_region,
    categories: j.categories,
  }));
  const jurorNo = jurorNumbers(
    jurors,
    rows.sheets.flatMap(([, , other]) => (other === null ? [] : [other])),
  );
  const ledger = new SheetLedger(rows, jurors.length);
  const sheets = rows.sheets.map(([i, j, other, values]): SheetFact => {
    const nominee = rows.nominees[i]!;
    const juror = j === null ? null : jurors[j]!;
    const jurorId = juror?.personId ?? other!;
    ledger.stored(i, j);
    return {
      nominationId: nominee.id,
      number: nominee.number,
      category: nominee.category,
      jurorId,
      juror: jurorNo.get(jurorId)!,
      values,
      excluded: exclusionOf(
        { homeRegion: juror?.homeRegion ?? null, personId: jurorId },
        nominee,
        ledger.recused(nominee.id, jurorId),
      ),
    };
  });
  return {
    method,
    panel: rows,
    jurors,
    jurorNo,
    sheets,
    missing: missingSheets(jurors, rows.nominees, ledger),
    inFlight: rows.inFlight.length,
    counted: sheets.filter((s) => s.excluded === null),
    nominees: rows.nominees.map((n) => ({
      number: n.number,
      category: n.category,
      region: n.region,
      submittedAt: n.submitted_at,
    })),
  };
}

/**
 * Which (nominee, juror) pairs have a sheet stored or queued, or a recusal: a bit per pair over the
 * panel's nominees × jurors, so the missing-sheet check of 10,000 × 25 pairs builds no keys.
 */
class SheetLedger implements SheetFacts {
  private readonly handed: Uint8Array;
  private readonly nomineeIndex: Map<string, number>;
  private readonly jurorIndex: Map<string, number>;
  private readonly recusals = new Map<string, Set<string>>();

  constructor(
    rows: PanelRows,
    private readonly jurorCount: number,
  ) {
    this.nomineeIndex = new Map(rows.nominees.map((n, i) => [n.id, i]));
    this.jurorIndex = new Map(rows.jurors.map((j, i) => [j.person_id, i]));
    this.handed = new Uint8Array(rows.nominees.length * jurorCount);
    for (const r of rows.inFlight) {
      const i = this.nomineeIndex.get(r.nomination_id);
      if (i !== undefined) this.stored(i, this.jurorIndex.get(r.juror_id) ?? null);
    }
    for (const r of rows.recusals) {
      const set = this.recusals.get(r.nomination_id) ?? new Set<string>();
      this.recusals.set(r.nomination_id, set.add(r.juror_id));
    }
  }

  /** A sheet of nominee i by juror j (null: not a juror now, so never expected) is stored or queued. */
  stored(i: number, j: number | null): void {
    if (j !== null) this.handed[i * this.jurorCount + j] = 1;
  }

  handedIn(nominationId: string, personId: string): boolean {
    const i = this.nomineeIndex.get(nominationId);
    const j = this.jurorIndex.get(personId);
    return i !== undefined && j !== undefined && this.handed[i * this.jurorCount + j] === 1;
  }

  recused(nominationId: string, personId: string): boolean {
    return this.recusals.get(nominationId)?.has(personId) ?? false;
  }
}
