/**
 * Who may do what, when: role, phase, region and conflict-of-interest rules. Pure functions over
 * plain values; the app loads the facts and the flow engine only sees the decisions
 * (FlowContext.allowed). Refusals carry the reason in both languages, Bahasa Indonesia first.
 */

import type { Bilingual, PhaseName, RoleName } from '../core/names.ts';

export type { PhaseName, RoleName } from '../core/names.ts';

/** A refusal in both languages; null means allowed. */
export type Refusal = Bilingual | null;

/** The facts about one person in one seleksi that the rules look at. */
export interface Actor {
  role: RoleName;
  /** Officer: their kabupaten/kota; juror: home region (conflict of interest). */
  regionCode: string | null;
  /** Juror: assigned category codes. */
  categories: readonly string[];
  /** The person (for "never scores a nominee they nominated"); the rule is skipped when unknown. */
  personId?: string;
}

const PHASE_NAMES: Record<PhaseName, Bilingual> = {
  DRAFT: { id: 'persiapan', en: 'preparation' },
  NOMINATION: { id: 'nominasi', en: 'nomination' },
  SCORING: { id: 'penilaian', en: 'scoring' },
  CLOSED: { id: 'ditutup', en: 'closed' },
  PUBLISHED: { id: 'hasil diumumkan', en: 'results published' },
};

/** The phase name as users read it. */
export function phaseLabel(phase: PhaseName, locale: 'id' | 'en'): string {
  return PHASE_NAMES[phase][locale];
}

/**
 * The kabupaten/kota part of a region code ("63.09.11.2008" → "63.09"), or null for a province
 * code or an empty value.
 */
export function kabupatenOf(regionCode: string | null | undefined): string | null {
  if (!regionCode) return null;
  const parts = regionCode.split('.');
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : null;
}

/**
 * A juror never scores a nominee from their own kabupaten/kota. A juror whose home region is a
 * province (or unknown) has no kabupaten and so no automatic conflict.
 */
export function isConflictOfInterest(jurorHomeRegion: string | null, nomineeRegion: string): boolean {
  const home = kabupatenOf(jurorHomeRegion);
  return home !== null && home === kabupatenOf(nomineeRegion);
}

/** Whether the actor may nominate now (officers, nomination phase, with a kabupaten/kota). */
export function canNominate(phase: PhaseName, actor: Actor | null): Refusal {
  if (actor?.role !== 'OFFICER') {
    return {
      id: 'Hanya petugas kabupaten/kota yang dapat mengajukan nominasi.',
      en: 'Only kabupaten/kota officers can submit nominations.',
    };
  }
  if (!kabupatenOf(actor.regionCode)) {
    return {
      id: 'Akun Anda belum terhubung dengan kabupaten/kota. Hubungi admin Dinas Sosial.',
      en: 'Your account is not linked to a kabupaten/kota. Please contact the Dinas Sosial admin.',
    };
  }
  if (phase !== 'NOMINATION') return outsidePhase(phase, 'NOMINATION');
  return null;
}

/** Whether the actor may score now (jurors with assigned categories, scoring phase). */
export function canScore(phase: PhaseName, actor: Actor | null): Refusal {
  if (actor?.role !== 'JUROR') {
    return { id: 'Hanya tim penilai yang dapat memberi nilai.', en: 'Only jurors can score nominees.' };
  }
  if (actor.categories.length === 0) {
    return {
      id: 'Anda belum ditugaskan pada kategori mana pun. Hubungi admin Dinas Sosial.',
      en: 'You are not assigned to any category yet. Please contact the Dinas Sosial admin.',
    };
  }
  if (phase !== 'SCORING') return outsidePhase(phase, 'SCORING');
  return null;
}

function outsidePhase(phase: PhaseName, needed: PhaseName): Refusal {
  const when = needed === 'NOMINATION' ? ['Nominasi', 'Nominations'] : ['Penilaian', 'Scoring'];
  const now = phaseLabel(phase, 'id');
  const nowEn = phaseLabel(phase, 'en');
  const early = phase === 'DRAFT' || (needed === 'SCORING' && phase === 'NOMINATION');
  return early
    ? {
        id: `${when[0]} belum dibuka (tahap saat ini: ${now}).`,
        en: `${when[1]} are not open yet (current phase: ${nowEn}).`,
      }
    : {
        id: `${when[0]} sudah ditutup (tahap saat ini: ${now}).`,
        en: `${when[1]} are closed (current phase: ${nowEn}).`,
      };
}

/** A nominee as the juror rules see it: who nominated it and who changed it last, when known. */
export interface NomineeRef {
  categoryCode: string;
  regionCode: string;
  submittedById?: string | null;
  updatedById?: string | null;
}

/**
 * Whether the juror nominated (or edited) this nominee, in any role (an officer granted a second role
 * as juror). The juror's nominee list and the worker both apply it through {@link canScoreNominee}.
 */
export function isOwnNomination(
  jurorPersonId: string | undefined,
  nominee: Pick<NomineeRef, 'submittedById' | 'updatedById'>,
): boolean {
  if (!jurorPersonId) return false;
  return nominee.submittedById === jurorPersonId || nominee.updatedById === jurorPersonId;
}

/**
 * Whether a juror may score a nominee of this category and region: assigned category, not of their
 * own kabupaten/kota, not one they nominated (see {@link isOwnNomination}).
 */
export function canScoreNominee(actor: Actor, nominee: NomineeRef): Refusal {
  if (!actor.categories.includes(nominee.categoryCode)) {
    return {
      id: `Anda tidak ditugaskan menilai kategori ${nominee.categoryCode}.`,
      en: `You are not assigned to score category ${nominee.categoryCode}.`,
    };
  }
  if (isConflictOfInterest(actor.regionCode, nominee.regionCode)) {
    return {
      id: 'Nominasi dari kabupaten/kota Anda sendiri tidak dapat Anda nilai (konflik kepentingan).',
      en: 'You cannot score a nominee from your own kabupaten/kota (conflict of interest).',
    };
  }
  if (isOwnNomination(actor.personId, nominee)) {
    return {
      id: 'Nominasi yang Anda ajukan sendiri tidak dapat Anda nilai (konflik kepentingan).',
      en: 'You cannot score a nominee you nominated yourself (conflict of interest).',
    };
  }
  return null;
}

/**
 * Whether an officer may submit a nomination for this category and region: the nomination rules
 * plus "only for their own kabupaten/kota" and "only a category of the seleksi".
 */
export function canSubmitNomination(
  phase: PhaseName,
  actor: Actor | null,
  nomination: { categoryCode: string; regionCode: string },
  categoryCodes: readonly string[],
): Refusal {
  const base = canNominate(phase, actor);
  if (base) return base;
  if (!categoryCodes.includes(nomination.categoryCode)) {
    return {
      id: `Kategori ${nomination.categoryCode} tidak ada dalam seleksi ini.`,
      en: `Category ${nomination.categoryCode} is not part of this seleksi.`,
    };
  }
  if (kabupatenOf(nomination.regionCode) !== kabupatenOf(actor?.regionCode)) {
    return {
      id: 'Anda hanya dapat mengajukan nominasi untuk kabupaten/kota Anda sendiri.',
      en: 'You can only nominate for your own kabupaten/kota.',
    };
  }
  return null;
}

/**
 * Whether an admin may run a seleksi (close, publish, watch it in chat): an admin without a region
 * or of the seleksi's own region, or of a region that contains it (a province admin runs its
 * kabupaten/kota's seleksi). A kabupaten admin cannot run the province's seleksi.
 */
export function canAdminister(actor: Actor | null, seleksiRegion: string): Refusal {
  const region = actor?.regionCode ?? null;
  if (
    actor?.role === 'ADMIN' &&
    (region === null || seleksiRegion === region || seleksiRegion.startsWith(`${region}.`))
  ) {
    return null;
  }
  return {
    id: 'Perintah ini hanya untuk admin wilayah seleksi ini.',
    en: 'This command is only for admins of this seleksi’s region.',
  };
}
