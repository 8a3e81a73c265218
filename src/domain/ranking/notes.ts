/**
 * How ranking facts read for people, in Bahasa Indonesia and English: tie notes ("…-003 di atas
 * -007: rata-rata Inovasi lebih tinggi (88,50 vs 86,00)"), award titles and numbers. Pure.
 */
import type { Award, TieNote } from './types.ts';

export type Locale = 'id' | 'en';

/** A ranking number as people read it: 2 decimals, decimal comma in Bahasa Indonesia. */
export function formatScore(x: number, locale: Locale, decimals = 2): string {
  return x.toLocaleString(locale === 'id' ? 'id-ID' : 'en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  });
}

/** The last part of a nominee number ("KALSEL-2026-TKSK-007" → "-007"), for short notes. */
export function shortNumber(number: string): string {
  const i = number.lastIndexOf('-');
  return i >= 0 ? number.slice(i) : number;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** "Juara I", "Juara Harapan II" (the same words are used in English). */
export function awardLabel(award: Award | null, locale: Locale): string {
  if (!award) return '';
  const [kind, n] = award.split('_') as [string, string];
  const roman = ROMAN[Number(n) - 1] ?? n;
  if (kind === 'juara') return locale === 'id' ? `Juara ${roman}` : `Juara ${roman} (winner ${n})`;
  return locale === 'id' ? `Juara Harapan ${roman}` : `Juara Harapan ${roman} (honourable mention ${n})`;
}

/** Names of the criteria, for `criterion:CODE` rules. */
export type CriterionLabels = (code: string, locale: Locale) => string;

function ruleText(rule: string, locale: Locale, labels: CriterionLabels): { better: string; same: string } {
  if (rule.startsWith('criterion:')) {
    const name = labels(rule.slice('criterion:'.length), locale);
    return locale === 'id'
      ? { better: `rata-rata ${name} lebih tinggi`, same: `rata-rata ${name} sama` }
      : { better: `higher mean ${name}`, same: `same mean ${name}` };
  }
  if (rule === 'spread') {
    return locale === 'id'
      ? { better: 'selisih antarjuri lebih kecil (simpangan baku)', same: 'selisih antarjuri sama' }
      : { better: 'smaller spread between jurors (standard deviation)', same: 'same spread between jurors' };
  }
  if (rule === 'submitted_at') {
    return locale === 'id'
      ? { better: 'nominasi dikirim lebih awal', same: 'waktu kirim sama' }
      : { better: 'nominated earlier', same: 'nominated at the same time' };
  }
  return locale === 'id'
    ? { better: 'undian (lot) dari digest', same: 'undian sama' }
    : { better: 'drawn by lot from the digest', same: 'same lot' };
}

function valueText(rule: string, value: number | string, locale: Locale, timezone: string): string {
  if (typeof value === 'number') return formatScore(value, locale);
  if (rule === 'submitted_at') return localTime(value, timezone);
  return value.slice(0, 8);
}

/** An ISO instant at a UTC offset ("+08:00"), as "2026-06-12 10:04:05.123". */
export function localTime(iso: string, timezone: string): string {
  const sign = timezone.startsWith('-') ? -1 : 1;
  const [h, m] = timezone.slice(1).split(':').map(Number);
  const shifted = new Date(Date.parse(iso) + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  return `${shifted.toISOString().slice(0, 23).replace('T', ' ')} (UTC${timezone})`;
}

/**
 * The note of an entry below `note.above`: "KALSEL-2026-TKSK-003 di atas -007: nilai akhir sama;
 * rata-rata Inovasi lebih tinggi (88,50 vs 86,00)".
 */
export function tieNoteText(
  note: TieNote,
  number: string,
  locale: Locale,
  labels: CriterionLabels,
  timezone = '+07:00',
): string {
  const parts = [locale === 'id' ? 'nilai akhir sama' : 'same final score'];
  for (const e of note.equal) parts.push(ruleText(e.rule, locale, labels).same);
  if (note.rule && note.values) {
    const [a, b] = note.values.map((v) => valueText(note.rule!, v, locale, timezone));
    parts.push(`${ruleText(note.rule, locale, labels).better} (${a} vs ${b})`);
    return `${note.above} ${locale === 'id' ? 'di atas' : 'above'} ${shortNumber(number)}: ${parts.join('; ')}`;
  }
  parts.push(
    locale === 'id' ? 'semua aturan penentu sama: peringkat bersama' : 'every tie rule equal: shared rank',
  );
  return `${note.above} ${locale === 'id' ? 'sama kuat dengan' : 'tied with'} ${shortNumber(number)}: ${parts.join('; ')}`;
}
