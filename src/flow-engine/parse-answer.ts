import type { Choice } from '../core/messages.ts';
import type { Locale } from './api.ts';
import { et } from './texts.ts';

/**
 * Parsers for typed answers. Each returns ok with the normalised value or an error already in the
 * user's language; none throws for bad input (STYLE.md practice 4).
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (error: string): Parsed<never> => ({ ok: false, error });

/** Indonesian mobile number (08…, 62…, +62…) to E.164 (+62…). */
export function parsePhone(input: string, locale: Locale): Parsed<string> {
  const compact = input.replace(/[\s\-.()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return bad(et('err.phone_chars', locale));
  let national: string;
  if (compact.startsWith('+62')) national = compact.slice(3);
  else if (compact.startsWith('62')) national = compact.slice(2);
  else if (compact.startsWith('0')) national = compact.slice(1);
  else return bad(et('err.phone_prefix', locale));
  if (national.startsWith('0')) national = national.slice(1); // "+62 0812…" typed with the trunk 0
  if (!national.startsWith('8')) return bad(et('err.phone_prefix', locale));
  if (national.length < 9 || national.length > 12) {
    const what =
      national.length < 9 ? (locale === 'id' ? 'pendek' : 'short') : locale === 'id' ? 'panjang' : 'long';
    return bad(et('err.phone_length', locale, { number: input.trim(), what, digits: national.length }));
  }
  return ok(`+62${national}`);
}

/** Month names and the short forms people type, Indonesian and English (prefixes of 3+ letters also work). */
const MONTHS: string[][] = [
  ['januari', 'january'],
  ['februari', 'february', 'pebruari', 'peb'],
  ['maret', 'march'],
  ['april'],
  ['mei', 'may'],
  ['juni', 'june'],
  ['juli', 'july'],
  ['agustus', 'august', 'agt', 'ags'],
  ['september', 'sept'],
  ['oktober', 'october'],
  ['november', 'nopember', 'nop'],
  ['desember', 'december'],
];

/** 1–12 for a month name or its short form ("Agustus", "agt", "Agu", "Aug"), else null. */
function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((names) => names.some((n) => n.startsWith(w)));
  return i < 0 ? null : i + 1;
}

/** Day, month and year of a typed date, or null when the form is not one we read. */
function dateParts(s: string): { d: number; m: number; y: number } | null {
  let match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (match) return { d: Number(match[1]), m: Number(match[2]), y: Number(match[3]) };
  match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  // 17 Agustus 1980, 17 agt 1980, 17-Agu-1980, 17 Aug. 1980
  match = /^(\d{1,2})[\s\-/.]+([a-z]+\.?)[\s\-/.,]+(\d{4})$/i.exec(s);
  const named = match ? { d: match[1]!, month: match[2]!, y: match[3]! } : null;
  // August 17, 1980
  match = /^([a-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/i.exec(s);
  const english = match ? { d: match[2]!, month: match[1]!, y: match[3]! } : null;
  const parts = named ?? english;
  const m = parts ? monthOf(parts.month) : null;
  return parts && m ? { d: Number(parts.d), m, y: Number(parts.y) } : null;
}

/**
 * A date typed day-month-year (17-08-1980, 17/8/1980, 17.08.1980, 17 Agustus 1980, 17 agt 1980,
 * 17 Aug 1980), August 17, 1980, or 1980-08-17, to ISO YYYY-MM-DD.
 */
export function parseDate(input: string, locale: Locale): Parsed<string> {
  const s = input.trim();
  const parts = dateParts(s);
  if (!parts) return bad(et('err.date_format', locale));
  const { y, m, d } = parts;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return bad(et('err.date_invalid', locale, { input: s }));
  }
  return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

function rangeError(locale: Locale, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return et('err.range', locale, { min, max });
  if (min !== undefined) return et('err.min', locale, { min });
  return et('err.max', locale, { max: max ?? 0 });
}

/** A whole number within [min, max]; thousands dots ("1.250") are accepted. */
export function parseInteger(input: string, locale: Locale, min?: number, max?: number): Parsed<number> {
  const s = input
    .trim()
    .replace(/^(\d{1,3})((?:\.\d{3})+)$/, (_, a: string, b: string) => a + b.replace(/\./g, ''));
  if (!/^-?\d+$/.test(s)) return bad(et('err.integer', locale));
  const n = Number(s);
  if ((min !== undefined && n < min) || (max !== undefined && n > max))
    return bad(rangeError(locale, min, max));
  return ok(n);
}

/** A number with a decimal comma or point, within [min, max]. */
export function parseDecimal(input: string, locale: Locale, min?: number, max?: number): Parsed<number> {
  const s = input.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return bad(et('err.decimal', locale));
  const n = Number(s);
  if ((min !== undefined && n < min) || (max !== undefined && n > max))
    return bad(rangeError(locale, min, max));
  return ok(n);
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The texts an option answers to: its label, its value, and for a label such as "Maju (advanced)"
 * or "Tenaga Kesejahteraan Sosial Kecamatan (TKSK)" the part outside and each part inside brackets.
 */
function namesOf(c: Choice): string[] {
  const inside = [...c.label.matchAll(/\(([^)]*)\)/g)].map((m) => norm(m[1]!));
  const outside = norm(c.label.replace(/\([^)]*\)/g, ' '));
  return [norm(c.label), norm(c.value), outside, ...inside].filter((n) => n !== '');
}

/** One option by its number (1-based), its value or its text (case and punctuation ignored). */
export function matchChoice(input: string, choices: Choice[]): Choice | null {
  const s = input.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= choices.length) return choices[n - 1]!;
  }
  const exact = choices.find((c) => c.value === s);
  if (exact) return exact;
  const q = norm(s);
  if (q === '') return null;
  const names = choices.map(namesOf);
  const byName = choices.filter((_, i) => names[i]!.includes(q));
  if (byName.length === 1) return byName[0]!;
  const prefix = choices.filter((_, i) => names[i]!.some((n) => n.startsWith(q)));
  return prefix.length === 1 ? prefix[0]! : null;
}

export function parseSelectOne(input: string, choices: Choice[], locale: Locale): Parsed<string> {
  const found = matchChoice(input, choices);
  if (!found) return bad(et('err.choice', locale, { input: input.trim(), count: choices.length }));
  return ok(found.value);
}

/** Several options: "1,3", "1 3", "1, 3" or texts separated by commas. */
export function parseSelectMany(
  input: string,
  choices: Choice[],
  locale: Locale,
  min?: number,
  max?: number,
): Parsed<string[]> {
  const s = input.trim();
  const parts = /^[\d\s,;]+$/.test(s) ? s.split(/[\s,;]+/) : s.split(/[,;\n]+/);
  const values: string[] = [];
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    const found = matchChoice(part, choices);
    if (!found) return bad(et('err.choice', locale, { input: part, count: choices.length }));
    if (!values.includes(found.value)) values.push(found.value);
  }
  if (values.length === 0) return bad(et('err.choice', locale, { input: s, count: choices.length }));
  if (min !== undefined && values.length < min) return bad(et('err.choice_count_min', locale, { min }));
  if (max !== undefined && values.length > max) return bad(et('err.choice_count_max', locale, { max }));
  return ok(values);
}
