/**
 * The ranking of a seleksi (PRODUCT.md §4) from its frozen inputs: per category the juror totals,
 * the final score by the normalisation, flagged nominees (fewer jurors than the minimum), the
 * order with every tie explained, the awards; then juara umum and the digests. Pure: the same
 * inputs, in any order, give the same result and digest.
 */
import { awardOf, juaraUmum } from './awards.ts';
import { CanonicalDocument, canonicalInputs, canonicalResults } from './canonical.ts';
import { byCodeUnit } from './numbers.ts';
import { type NomineeScore, scoreCategory } from './scores.ts';
import { placeEntries } from './tie-break.ts';
import type {
  CategoryResult,
  NomineeInput,
  RankingEntry,
  RankingInput,
  RankingResult,
  SheetInput,
} from './types.ts';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function entryOf(score: NomineeScore, rank: number | null, input: RankingInput): Omit<RankingEntry, 'tie'> {
  const n = score.nominee;
  return {
    number: n.number,
    category: n.category,
    region: n.region,
    rank,
    final: score.final,
    z: score.z,
    criteria: score.criteria,
    jurors: score.jurors,
    spread: score.spread,
    award: awardOf(rank, input.method.awards),
    flag: rank === null ? 'min_jurors' : null,
    submittedAt: n.submittedAt,
  };
}

/** Computes the ranking and its digests. */
export function computeRanking(input: RankingInput): RankingResult {
  const document = new CanonicalDocument(canonicalInputs(input));
  const inputDigest = document.digest();
  const nomineesOf = groupBy(
    [...input.nominees].sort((a, b) => byCodeUnit(a.number, b.number)),
    (n: NomineeInput) => n.category,
  );
  const numberCategory = new Map(input.nominees.map((n) => [n.number, n.category]));
  const sheetsOf = groupBy(input.sheets, (s: SheetInput) => numberCategory.get(s.number) ?? '');

  const categories: CategoryResult[] = input.method.categories.map((category) => {
    const scored = scoreCategory(
      input.method,
      category,
      nomineesOf.get(category.code) ?? [],
      sheetsOf.get(category.code) ?? [],
    );
    const ranked = scored.filter((s) => s.jurors >= input.method.minJurors && s.key !== null);
    const isRanked = new Set(ranked);
    const flagged = scored
      .filter((s) => !isRanked.has(s))
      .sort(
        (a, b) =>
          (b.key ?? -Infinity) - (a.key ?? -Infinity) || byCodeUnit(a.nominee.number, b.nominee.number),
      );
    const entries: RankingEntry[] = [
      ...placeEntries(ranked, category.tieBreak, inputDigest).map((p) => ({
        ...entryOf(p.score, p.rank, input),
        tie: p.tie,
      })),
      ...flagged.map((s) => ({ ...entryOf(s, null, input), tie: null })),
    ];
    return { code: category.code, entries };
  });

  const all = categories.flatMap((c) => c.entries);
  const spec = input.method.awards.juaraUmum;
  const umum = spec ? juaraUmum(all, spec) : null;
  const digest = document.add(canonicalResults(input.method, all, umum)).digest();
  return { categories, juaraUmum: umum, inputDigest, digest };
}
