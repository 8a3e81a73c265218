/**
 * What an export writes, gathered once: the frozen ranking, the raw score rows (every sheet of a
 * submitted nomination, with why an excluded one does not count), recusals and conflicts, the panel.
 * Juror names can be replaced by "Juri 1", "Juri 2"… (their public numbers, as in the digest).
 */
import type { PrismaClient } from '../../db/client.ts';
import { loadSheetTimes } from '../../db/ranking-sql.ts';
import { isConflictOfInterest } from '../../domain/permissions.ts';
import { type Exclusion, jurorNumbers } from '../../domain/ranking/index.ts';
import {
  loadRankingFacts,
  loadSeleksiRecord,
  type RankingFacts,
  type SeleksiRecord,
} from '../ranking-facts.ts';
import { type RankingView, readRankingView } from '../ranking-view.ts';
import { SeleksiError } from '../seleksi-errors.ts';

/** One score, as the raw-scores CSV and sheet list it. */
export interface RawScore {
  number: string;
  category: string;
  juror: string;
  jurorNo: number;
  criterion: string;
  score: number;
  submittedAt: string;
  excluded: Exclusion | null;
}

/** A recusal or an automatic conflict of interest. */
export interface ExcludedPair {
  number: string;
  nominee: string;
  juror: string;
  jurorNo: number;
  kind: Exclusion;
  reason: string;
}

export interface PanelMember {
  no: number;
  name: string;
  categories: readonly string[];
  homeRegion: string | null;
}

export interface ExportData {
  seleksi: SeleksiRecord;
  view: RankingView;
  raw: RawScore[];
  exclusions: ExcludedPair[];
  panel: PanelMember[];
}

/** Gathers the export of a closed seleksi (id or code). */
export async function gatherExport(
  prisma: PrismaClient,
  ref: string,
  opts: { anonymousJurors?: boolean } = {},
): Promise<ExportData> {
  const seleksi = await loadSeleksiRecord(prisma, ref);
  const view = await readRankingView(prisma, seleksi);
  if (!view) {
    throw new SeleksiError(
      `${seleksi.code} belum ditutup: belum ada peringkat untuk diekspor; jalankan \`seleksi close ${seleksi.code}\` (no ranking yet: close first)`,
    );
  }
  const [facts, times] = await Promise.all([
    loadRankingFacts(prisma, seleksi),
    loadSheetTimes(prisma, seleksi.id),
  ]);
  const nameOf = new Map(facts.jurors.map((j) => [j.personId, j.name]));
  const label = (personId: string, no: number) =>
    opts.anonymousJurors ? `Juri ${no}` : (nameOf.get(personId) ?? `Juri ${no}`);
  const timeOf = new Map(
    times.map((t) => [`${t.nomination_id}|${t.juror_id}`, t.submitted_at.toISOString()]),
  );
  const codesOf = new Map(seleksi.categories.map((c) => [c.code, c.criteria.map((k) => k.code)]));

  const raw: RawScore[] = [];
  const sheets = [...facts.sheets].sort((a, b) =>
    a.number < b.number ? -1 : a.number > b.number ? 1 : a.juror - b.juror,
  );
  for (const s of sheets) {
    const codes = codesOf.get(s.category) ?? [];
    const submittedAt = timeOf.get(`${s.nominationId}|${s.jurorId}`) ?? '';
    s.values.forEach((score, i) => {
      raw.push({
        number: s.number,
        category: s.category,
        juror: label(s.jurorId, s.juror),
        jurorNo: s.juror,
        criterion: codes[i]!,
        score,
        submittedAt,
        excluded: s.excluded,
      });
    });
  }

  const numbers = jurorNumbers(
    facts.jurors,
    facts.sheets.map((s) => s.jurorId),
  );
  const exclusions = excludedPairs(facts, numbers, label);
  const panel = facts.jurors.map((j) => ({
    no: numbers.get(j.personId)!,
    name: label(j.personId, numbers.get(j.personId)!),
    categories: j.categories,
    homeRegion: j.homeRegion,
  }));
  return { seleksi, view, raw, exclusions, panel };
}

/** Recusals (with their reason) and automatic conflicts of interest, by nominee number then juror. */
function excludedPairs(
  facts: RankingFacts,
  numbers: Map<string, number>,
  label: (personId: string, no: number) => string,
): ExcludedPair[] {
  const nomineeById = new Map(facts.panel.nominees.map((n) => [n.id, n]));
  const exclusions: ExcludedPair[] = [];
  for (const r of facts.panel.recusals) {
    const n = nomineeById.get(r.nomination_id);
    const no = numbers.get(r.juror_id);
    if (n && no)
      exclusions.push({
        number: n.number,
        nominee: n.name,
        juror: label(r.juror_id, no),
        jurorNo: no,
        kind: 'recused',
        reason: r.reason,
      });
  }
  for (const j of facts.jurors) {
    for (const n of facts.panel.nominees) {
      if (!j.categories.includes(n.category) || !isConflictOfInterest(j.homeRegion, n.region)) continue;
      const no = numbers.get(j.personId)!;
      exclusions.push({
        number: n.number,
        nominee: n.name,
        juror: label(j.personId, no),
        jurorNo: no,
        kind: 'conflict',
        reason: 'kabupaten/kota yang sama dengan juri (same kabupaten/kota as the juror)',
      });
    }
  }
  exclusions.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : a.jurorNo - b.jurorNo));
  return exclusions;
}
