/**
 * Eligibility as data (DOMAIN.md §4): the rules of a category checked against a nomination's
 * answers, with the reason the officer reads. The conversation checks each answer as it comes
 * (`answerRefusal`); the worker checks the whole nomination again (`nominationRefusal`). Pure.
 */
import type { AttachmentKindName, Bilingual } from '../core/names.ts';
import type { CategoryRules } from './definition/category-rules.ts';
import type { EligibilityRule } from './definition/schema.ts';

/** Why a nomination is not eligible, in both languages, with a stable reason code for logs. */
export interface Ineligible extends Bilingual {
  reason: string;
}

/** The answer key of a declaration the officer confirms (`tanpa-hubungan` → `pernyataan_tanpa_hubungan`). */
export function declarationKey(rule: { id: string }): string {
  return `pernyataan_${rule.id.replace(/-/g, '_')}`;
}

/** The value a confirmed declaration holds. */
export const DECLARATION_YES = 'YA';

function yearOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const m = typeof value === 'string' ? /^(\d{4})/.exec(value.trim()) : null;
  return m ? Number(m[1]) : null;
}

/** Whole years between an ISO birth date and `now` (UTC). */
function ageAt(birth: string, now: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const beforeBirthday = now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d);
  return now.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

function ddmmyyyy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** The refusal of one rule that reads one answer, or null when the answer meets it. */
function ruleRefusal(rule: EligibilityRule, value: unknown, now: Date): Ineligible | null {
  if (rule.kind === 'min_years_active' || rule.kind === 'min_years_founded') {
    const year = yearOf(value);
    if (year === null) return null;
    const years = now.getUTCFullYear() - year;
    if (years >= rule.years) return null;
    const person = rule.kind === 'min_years_active';
    return {
      reason: rule.kind,
      id: `${person ? 'Calon harus aktif' : 'Lembaga harus berdiri dan aktif'} minimal ${rule.years} tahun; tahun ${year} berarti baru ${Math.max(years, 0)} tahun.`,
      en: `${person ? 'The nominee must have been active' : 'The organisation must have been founded and active'} for at least ${rule.years} years; ${year} means only ${Math.max(years, 0)}.`,
    };
  }
  if (rule.kind === 'age_range') {
    const age = typeof value === 'string' ? ageAt(value, now) : null;
    if (age === null || (age >= rule.min && age <= rule.max)) return null;
    const born = ddmmyyyy(String(value));
    return {
      reason: 'age_range',
      id: `Usia calon harus ${rule.min}–${rule.max} tahun; lahir ${born} berarti ${age} tahun.`,
      en: `The nominee must be ${rule.min}–${rule.max} years old; born ${born} means ${age}.`,
    };
  }
  if (rule.kind === 'declaration') {
    if (value === DECLARATION_YES) return null;
    return {
      reason: 'declaration',
      id: `Calon tidak memenuhi syarat: ${rule.text.id}`,
      en: `The nominee is not eligible: ${rule.text.en}`,
    };
  }
  return null;
}

/** The answer key a rule reads (null for rules checked on the whole nomination only). */
function ruleKey(rule: EligibilityRule): string | null {
  if (rule.kind === 'declaration') return declarationKey(rule);
  return 'field' in rule ? rule.field : null;
}

/** The first rule the answer to `key` breaks, checked as the officer answers. */
export function answerRefusal(
  rules: CategoryRules,
  key: string,
  value: unknown,
  now: Date,
): Ineligible | null {
  for (const rule of rules.eligibility) {
    if (ruleKey(rule) !== key) continue;
    const refusal = ruleRefusal(rule, value, now);
    if (refusal) return refusal;
  }
  return null;
}

/** An attachment as the rules see it. */
export interface AttachmentFacts {
  field: string;
  kind: AttachmentKindName;
}

/**
 * The first reason the whole nomination is not eligible: a rule an answer breaks (or a rule's
 * answer missing), fewer photos than the category asks, a required document missing.
 */
export function nominationRefusal(
  rules: CategoryRules,
  answers: Record<string, unknown>,
  attachments: readonly AttachmentFacts[],
  now: Date,
): Ineligible | null {
  for (const rule of rules.eligibility) {
    const key = ruleKey(rule);
    if (key === null) continue;
    const value = answers[key];
    if (value === undefined || value === null || value === '') {
      return {
        reason: `${rule.kind}_missing`,
        id: `Jawaban "${key}" diperlukan untuk syarat: ${rule.text.id}`,
        en: `The answer "${key}" is needed for the requirement: ${rule.text.en}`,
      };
    }
    const refusal = ruleRefusal(rule, value, now);
    if (refusal) return refusal;
  }
  const photos = attachments.filter((a) => a.kind === 'PHOTO').length;
  if (photos < rules.minPhotos) {
    return {
      reason: 'min_photos',
      id: `Kategori ini memerlukan minimal ${rules.minPhotos} foto kegiatan; terlampir ${photos}.`,
      en: `This category needs at least ${rules.minPhotos} activity photos; ${photos} attached.`,
    };
  }
  for (const doc of rules.documents) {
    if (attachments.some((a) => a.field === doc.key)) continue;
    return {
      reason: 'document_missing',
      id: `Dokumen wajib belum dilampirkan: ${doc.label.id}.`,
      en: `A required document is missing: ${doc.label.en}.`,
    };
  }
  return null;
}

/** A nominee of an earlier seleksi at the same level who won (ranked at or above the rule's rank). */
export interface EarlierWinner {
  nik: string | null;
  nomineeName: string;
  regionCode: string;
  rank: number;
  year: number;
  seleksiCode: string;
}

const sameName = (a: string, b: string) =>
  a
    .toLocaleLowerCase('id')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim() ===
  b
    .toLocaleLowerCase('id')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * "Not a winner in the last N years": the nominee is the same person (same NIK) or the same
 * organisation (same name from the same kabupaten/kota) as an earlier winner.
 */
export function recentWinnerRefusal(
  rule: Extract<EligibilityRule, { kind: 'not_recent_winner' }>,
  nominee: { nik: unknown; nomineeName: string; regionCode: string },
  winners: readonly EarlierWinner[],
): Ineligible | null {
  const nik = typeof nominee.nik === 'string' && nominee.nik !== '' ? nominee.nik : null;
  const kabupaten = (code: string) => code.split('.').slice(0, 2).join('.');
  const won = winners.find((w) =>
    nik && w.nik
      ? w.nik === nik
      : sameName(w.nomineeName, nominee.nomineeName) &&
        kabupaten(w.regionCode) === kabupaten(nominee.regionCode),
  );
  if (!won) return null;
  const juara = rule.rank === 1 ? 'Juara I' : `peringkat 1–${rule.rank}`;
  return {
    reason: 'not_recent_winner',
    id: `Calon sudah menjadi ${won.rank === 1 ? 'Juara I' : `peringkat ${won.rank}`} pada ${won.seleksiCode} (${won.year}); syarat: bukan ${juara} dalam ${rule.years} tahun terakhir.`,
    en: `The nominee already ranked ${won.rank} in ${won.seleksiCode} (${won.year}); the rule: not ${rule.rank === 1 ? 'Juara I' : `ranked 1–${rule.rank}`} in the last ${rule.years} years.`,
  };
}
