/**
 * Orders a category's ranked nominees: by key (higher first), then, among equal keys, by the
 * category's tie-break chain. Records for every tie the rule that separated each entry from the
 * one above it. Pure; `lot` draws from a seed (the digest of the inputs), so it is reproducible.
 */
import { createHash } from 'node:crypto';
import { byCodeUnit } from './numbers.ts';
import type { NomineeScore } from './scores.ts';
import type { TieNote } from './types.ts';

/** A rule's value for an entry and how two values compare (negative = a stands above b). */
interface RuleView {
  value(entry: NomineeScore): number | string;
  compare(a: number | string, b: number | string): number;
}

const higherFirst = (a: number | string, b: number | string) => (b as number) - (a as number);
const lowerFirst = (a: number | string, b: number | string) => (a as number) - (b as number);
const earlierFirst = (a: number | string, b: number | string) => byCodeUnit(a as string, b as string);

/**
 * The lot of a nominee: SHA-256 (hex) of `<seed>:<number>`; the lower hex stands above. Anyone with
 * the digest of the inputs can draw it again.
 */
export function lotOf(seed: string, number: string): string {
  return createHash('sha256').update(`${seed}:${number}`).digest('hex');
}

function ruleView(rule: string, seed: string): RuleView {
  if (rule.startsWith('criterion:')) {
    const code = rule.slice('criterion:'.length);
    return { value: (e) => e.criteria[code] ?? 0, compare: higherFirst };
  }
  if (rule === 'spread') return { value: (e) => e.spread ?? 0, compare: lowerFirst };
  if (rule === 'submitted_at') return { value: (e) => e.nominee.submittedAt, compare: earlierFirst };
  if (rule === 'lot') return { value: (e) => lotOf(seed, e.nominee.number), compare: earlierFirst };
  throw new Error(`unknown tie-break rule ${rule}`);
}

/** An entry in its final place: rank (shared when the chain could not separate) and tie note. */
export interface Placed {
  score: NomineeScore;
  rank: number;
  tie: TieNote | null;
}

/** Sorts a group of equal keys by the chain, splitting it into sub-groups rule by rule. */
function orderGroup(group: NomineeScore[], views: { rule: string; view: RuleView }[]): NomineeScore[] {
  if (group.length < 2 || views.length === 0) {
    return [...group].sort((a, b) => byCodeUnit(a.nominee.number, b.nominee.number));
  }
  const [{ view }, ...rest] = views as [{ rule: string; view: RuleView }, ...typeof views];
  const sorted = [...group].sort((a, b) => view.compare(view.value(a), view.value(b)));
  const out: NomineeScore[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    const same = i < sorted.length && view.compare(view.value(sorted[start]!), view.value(sorted[i]!)) === 0;
    if (same) continue;
    out.push(...orderGroup(sorted.slice(start, i), rest));
    start = i;
  }
  return out;
}

/** The note for `entry` below `above` (equal keys): the first rule on which they differ. */
function noteFor(
  above: NomineeScore,
  entry: NomineeScore,
  views: { rule: string; view: RuleView }[],
): TieNote {
  const equal: TieNote['equal'] = [];
  for (const { rule, view } of views) {
    const a = view.value(above);
    const b = view.value(entry);
    if (view.compare(a, b) !== 0) return { above: above.nominee.number, rule, values: [a, b], equal };
    equal.push({ rule, value: a });
  }
  return { above: above.nominee.number, rule: null, values: null, equal };
}

/**
 * Places the ranked (not flagged) nominees of a category: key descending, ties by the chain.
 * Ranks are competition ranks (1, 2, 2, 4) where the whole chain leaves two entries equal.
 */
export function placeEntries(
  scores: readonly NomineeScore[],
  chain: readonly string[],
  seed: string,
): Placed[] {
  const views = chain.map((rule) => ({ rule, view: ruleView(rule, seed) }));
  const byKey = [...scores].sort((a, b) => b.key! - a.key!);
  const ordered: NomineeScore[] = [];
  let start = 0;
  for (let i = 1; i <= byKey.length; i++) {
    if (i < byKey.length && byKey[i]!.key === byKey[start]!.key) continue;
    ordered.push(...orderGroup(byKey.slice(start, i), views));
    start = i;
  }
  const placed: Placed[] = [];
  ordered.forEach((score, i) => {
    const prev = placed[i - 1];
    if (!prev || prev.score.key !== score.key) {
      placed.push({ score, rank: i + 1, tie: null });
      return;
    }
    const tie = noteFor(prev.score, score, views);
    placed.push({ score, rank: tie.rule === null ? prev.rank : i + 1, tie });
  });
  return placed;
}
