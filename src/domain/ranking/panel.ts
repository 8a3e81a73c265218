/**
 * Who was expected to score whom, and which sheets count: a juror scores the nominees of their
 * categories, never one from their own kabupaten/kota (conflict of interest), never one they
 * recused from. Pure; the app loads the facts.
 */
import { isConflictOfInterest } from '../permissions.ts';
import { byCodeUnit } from './numbers.ts';

/** A juror of the seleksi as the panel rules see them. */
export interface PanelJuror {
  personId: string;
  name: string;
  homeRegion: string | null;
  categories: readonly string[];
}

/** A nominee as the panel rules see it. */
export interface PanelNominee {
  id: string;
  number: string;
  category: string;
  region: string;
  /** Who nominated it and who changed it last: never their juror (an officer granted a second role). */
  nominatedBy?: readonly string[];
}

/** Why a juror's sheet for a nominee does not count. */
export type Exclusion = 'recused' | 'conflict';

/**
 * Whether a sheet counts: recusal first (the juror said so), then the automatic conflicts (own
 * kabupaten/kota, a nominee the juror nominated).
 */
export function exclusionOf(
  juror: Pick<PanelJuror, 'homeRegion'> & { personId?: string },
  nominee: Pick<PanelNominee, 'region' | 'nominatedBy'>,
  recused: boolean,
): Exclusion | null {
  if (recused) return 'recused';
  if (isConflictOfInterest(juror.homeRegion, nominee.region)) return 'conflict';
  if (juror.personId !== undefined && nominee.nominatedBy?.includes(juror.personId)) return 'conflict';
  return null;
}

/**
 * The jurors' public numbers: 1, 2, … in the order given (the app gives them in the order they
 * joined), then `others` (people with sheets who are no longer jurors) in id order. Exports and the
 * canonical JSON name jurors only by these numbers.
 */
export function jurorNumbers(
  jurors: readonly Pick<PanelJuror, 'personId'>[],
  others: Iterable<string> = [],
): Map<string, number> {
  const numbers = new Map(jurors.map((j, i) => [j.personId, i + 1]));
  for (const id of [...new Set(others)].filter((id) => !numbers.has(id)).sort(byCodeUnit)) {
    numbers.set(id, numbers.size + 1);
  }
  return numbers;
}

/** A juror's missing sheets: nominee numbers in order. */
export interface MissingByJuror {
  personId: string;
  name: string;
  juror: number;
  numbers: string[];
}

/** What is known of a (nominee, juror) pair: a sheet stored or queued, a recusal. */
export interface SheetFacts {
  /** A sheet is stored, or confirmed and still in the queue (counted once the worker writes it). */
  handedIn(nominationId: string, personId: string): boolean;
  recused(nominationId: string, personId: string): boolean;
}

/**
 * The sheets each juror was expected to hand in and did not: nominees of their categories, minus
 * conflicts, minus recusals, minus sheets handed in (stored or still in the queue).
 */
export function missingSheets(
  jurors: readonly PanelJuror[],
  nominees: readonly PanelNominee[],
  facts: SheetFacts,
): MissingByJuror[] {
  const numbers = jurorNumbers(jurors);
  const byCategory = new Map<string, PanelNominee[]>();
  for (const n of [...nominees].sort((a, b) => byCodeUnit(a.number, b.number))) {
    const list = byCategory.get(n.category);
    if (list) list.push(n);
    else byCategory.set(n.category, [n]);
  }
  const out: MissingByJuror[] = [];
  for (const juror of jurors) {
    const missing: string[] = [];
    const mine = juror.categories.flatMap((c) => byCategory.get(c) ?? []);
    for (const n of mine.sort((a, b) => byCodeUnit(a.number, b.number))) {
      if (exclusionOf(juror, n, facts.recused(n.id, juror.personId))) continue;
      if (facts.handedIn(n.id, juror.personId)) continue;
      missing.push(n.number);
    }
    if (missing.length > 0) {
      out.push({
        personId: juror.personId,
        name: juror.name,
        juror: numbers.get(juror.personId)!,
        numbers: missing,
      });
    }
  }
  return out;
}
