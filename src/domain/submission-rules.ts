/**
 * The rules a submission must pass before the worker writes it: phase, role, own kabupaten/kota,
 * nominees per category per kabupaten/kota, juror assignment and conflict of interest, score ranges.
 * Pure functions over plain facts the worker loads; a refusal is a value, never an exception.
 */
import type { Bilingual } from '../core/names.ts';
import type { CategoryRules } from './definition/category-rules.ts';
import {
  type AttachmentFacts,
  type EarlierWinner,
  type Ineligible,
  nominationRefusal,
  recentWinnerRefusal,
} from './eligibility.ts';
import {
  type Actor,
  canScore,
  canScoreNominee,
  canSubmitNomination,
  kabupatenOf,
  type PhaseName,
  type Refusal,
} from './permissions.ts';

/** Why a submission was refused: a stable code for logs and the message in both languages. */
export interface Rejection extends Bilingual {
  reason: string;
}

function reject(reason: string, refusal: NonNullable<Refusal>): Rejection {
  return { reason, id: refusal.id, en: refusal.en };
}

/** Nomination limits taken from `seleksi.rules` (written by `seleksi create` from the definition file). */
export interface NominationLimits {
  /** Nominees one kabupaten/kota may have per category; null = no limit (the rule is absent). */
  maxPerCategoryPerRegion: number | null;
}

/**
 * Reads the nomination limits from the stored rules JSON. The definition file's
 * `max_nominees_per_category_per_region` (default 1 there) is authoritative; a seleksi whose rules
 * do not mention it has no limit.
 */
export function nominationLimitsOf(rules: unknown): NominationLimits {
  const r = (rules && typeof rules === 'object' ? rules : {}) as Record<string, unknown>;
  const raw = r.max_nominees_per_category_per_region ?? r.maxNomineesPerCategoryPerRegion;
  const max = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : null;
  return { maxPerCategoryPerRegion: max };
}

/** An existing nomination as the rules see it. */
export interface NomineeFacts {
  id: string;
  seleksiId: string;
  categoryCode: string;
  regionCode: string;
  status: 'SUBMITTED' | 'WITHDRAWN';
  /** Who nominated it and who changed it last (a juror never scores their own nominee). */
  submittedById?: string | null;
  updatedById?: string | null;
}

/** Checks a new nomination or an edit of one. `sameSlot` = the SUBMITTED nominations of that category and kabupaten. */
export function checkNomination(input: {
  phase: PhaseName;
  officer: Actor | null;
  categoryCodes: readonly string[];
  nomination: { categoryCode: string; regionCode: string; editOf?: NomineeFacts | null; editId?: string };
  sameSlot: readonly { id: string }[];
  limits: NominationLimits;
}): Rejection | null {
  const { phase, officer, nomination, limits } = input;
  const refusal = canSubmitNomination(phase, officer, nomination, input.categoryCodes);
  if (refusal) {
    const reason =
      officer?.role !== 'OFFICER' || !kabupatenOf(officer.regionCode)
        ? 'not_allowed'
        : phase !== 'NOMINATION'
          ? 'wrong_phase'
          : !input.categoryCodes.includes(nomination.categoryCode)
            ? 'unknown_category'
            : 'not_own_region';
    return reject(reason, refusal);
  }
  if (nomination.editId !== undefined) {
    const existing = nomination.editOf;
    if (existing?.status !== 'SUBMITTED') {
      return reject('nomination_not_found', {
        id: 'Nominasi yang ingin diubah tidak ditemukan atau sudah ditarik.',
        en: 'The nomination to edit was not found or has been withdrawn.',
      });
    }
    if (kabupatenOf(existing.regionCode) !== kabupatenOf(officer?.regionCode)) {
      return reject('not_own_region', {
        id: 'Anda hanya dapat mengubah nominasi kabupaten/kota Anda sendiri.',
        en: 'You can only edit nominations of your own kabupaten/kota.',
      });
    }
    if (existing.categoryCode !== nomination.categoryCode) {
      return reject('category_change', {
        id: 'Kategori nominasi tidak dapat diubah. Tarik nominasi ini dan ajukan yang baru.',
        en: 'The category of a nomination cannot be changed. Withdraw it and submit a new one.',
      });
    }
    return null;
  }
  const max = limits.maxPerCategoryPerRegion;
  if (max !== null && input.sameSlot.length >= max) {
    return reject('region_quota_reached', {
      id:
        max === 1
          ? `Kabupaten/kota Anda sudah memiliki nominasi untuk kategori ${nomination.categoryCode}. Ubah nominasi yang ada bila perlu.`
          : `Kabupaten/kota Anda sudah mencapai batas ${max} nominasi untuk kategori ${nomination.categoryCode}.`,
      en:
        max === 1
          ? `Your kabupaten/kota already has a nominee in category ${nomination.categoryCode}. Edit the existing nomination if needed.`
          : `Your kabupaten/kota has reached the limit of ${max} nominees in category ${nomination.categoryCode}.`,
    });
  }
  return null;
}

/**
 * Checks a nomination against its category's definition: eligibility rules (years active, age,
 * declarations), the photo minimum and the required documents. `now`: when the officer confirmed.
 */
export function checkEligibility(
  rules: CategoryRules,
  nomination: { answers: Record<string, unknown>; attachments: readonly AttachmentFacts[] },
  now: Date,
): Rejection | null {
  const refusal = nominationRefusal(rules, nomination.answers, nomination.attachments, now);
  return refusal ? ineligible(refusal) : null;
}

function ineligible(refusal: Ineligible): Rejection {
  return reject(`ineligible_${refusal.reason}`, refusal);
}

/**
 * The category's "not a recent winner" rules against the earlier winners the worker read for each
 * (`winnersOf(rule)`): refused when the nominee (same NIK, or same name from the same kabupaten/kota)
 * is one of them.
 */
export async function checkRecentWinner(
  rules: CategoryRules,
  nominee: { nik: unknown; nomineeName: string; regionCode: string },
  winnersOf: (rule: { years: number; rank: number }) => Promise<readonly EarlierWinner[]>,
): Promise<Rejection | null> {
  for (const rule of rules.eligibility) {
    if (rule.kind !== 'not_recent_winner') continue;
    const refusal = recentWinnerRefusal(rule, nominee, await winnersOf(rule));
    if (refusal) return ineligible(refusal);
  }
  return null;
}

/** A criterion as the score rules see it. */
export interface CriterionFacts {
  id: string;
  code: string;
  min: number;
  max: number;
}

/**
 * Checks a juror's score sheet: phase, juror, assignment, conflict of interest, not recused,
 * every criterion scored once, each value within its scale.
 */
export function checkScoreSheet(input: {
  phase: PhaseName;
  juror: Actor | null;
  nominee: NomineeFacts | null;
  criteria: readonly CriterionFacts[];
  scores: readonly { criterionCode: string; value: number }[];
  recused: boolean;
}): Rejection | null {
  const base = checkJurorOnNominee(input.phase, input.juror, input.nominee);
  if (base) return base;
  if (input.recused) {
    return reject('recused', {
      id: 'Anda sudah mengundurkan diri dari penilaian nominasi ini.',
      en: 'You have recused yourself from scoring this nominee.',
    });
  }
  const byCode = new Map(input.criteria.map((c) => [c.code, c]));
  const seen = new Set<string>();
  for (const s of input.scores) {
    const criterion = byCode.get(s.criterionCode);
    if (!criterion) {
      return reject('unknown_criterion', {
        id: `Kriteria ${s.criterionCode} tidak ada untuk kategori ini.`,
        en: `Criterion ${s.criterionCode} does not exist for this category.`,
      });
    }
    if (seen.has(s.criterionCode)) {
      return reject('duplicate_criterion', {
        id: `Kriteria ${s.criterionCode} dinilai lebih dari sekali.`,
        en: `Criterion ${s.criterionCode} was scored more than once.`,
      });
    }
    seen.add(s.criterionCode);
    if (!Number.isInteger(s.value) || s.value < criterion.min || s.value > criterion.max) {
      return reject('score_out_of_range', {
        id: `Nilai ${s.criterionCode} harus bilangan bulat ${criterion.min}–${criterion.max} (diterima: ${s.value}).`,
        en: `The score for ${s.criterionCode} must be a whole number ${criterion.min}–${criterion.max} (got ${s.value}).`,
      });
    }
  }
  const missing = input.criteria.filter((c) => !seen.has(c.code)).map((c) => c.code);
  if (missing.length > 0) {
    return reject('criteria_missing', {
      id: `Belum semua kriteria dinilai: ${missing.join(', ')}.`,
      en: `Not every criterion was scored: ${missing.join(', ')}.`,
    });
  }
  return null;
}

/** Checks a recusal: a juror assigned to the nominee's category, scoring phase. */
export function checkRecusal(input: {
  phase: PhaseName;
  juror: Actor | null;
  nominee: NomineeFacts | null;
}): Rejection | null {
  const refusal = canScore(input.phase, input.juror);
  if (refusal) return reject(scoringReason(input.phase, input.juror), refusal);
  const nominee = input.nominee;
  if (nominee?.status !== 'SUBMITTED') return nomineeNotFound();
  if (!input.juror!.categories.includes(nominee.categoryCode)) {
    return reject('category_not_assigned', {
      id: `Anda tidak ditugaskan menilai kategori ${nominee.categoryCode}.`,
      en: `You are not assigned to score category ${nominee.categoryCode}.`,
    });
  }
  return null;
}

function checkJurorOnNominee(
  phase: PhaseName,
  juror: Actor | null,
  nominee: NomineeFacts | null,
): Rejection | null {
  const refusal = canScore(phase, juror);
  if (refusal) return reject(scoringReason(phase, juror), refusal);
  if (nominee?.status !== 'SUBMITTED') return nomineeNotFound();
  const onNominee = canScoreNominee(juror!, nominee);
  if (onNominee) {
    const conflict = juror!.categories.includes(nominee.categoryCode);
    return reject(conflict ? 'conflict_of_interest' : 'category_not_assigned', onNominee);
  }
  return null;
}

function nomineeNotFound(): Rejection {
  return reject('nominee_not_found', {
    id: 'Nominasi tersebut tidak ditemukan atau sudah ditarik.',
    en: 'That nominee was not found or has been withdrawn.',
  });
}

/** The stable reason code of a canScore refusal, from the facts (the texts are what users read). */
function scoringReason(phase: PhaseName, juror: Actor | null): string {
  if (juror?.role !== 'JUROR' || juror.categories.length === 0) return 'not_allowed';
  return phase === 'SCORING' ? 'not_allowed' : 'wrong_phase';
}
