import type { Bilingual, ResultCategory, ResultEntry, Results } from './types.ts';

/**
 * The texts of the results broadcast, in Bahasa Indonesia and English: a category's ranking (top N
 * with final score and kabupaten/kota) and a nominee's own result (rank, final score, mean per
 * criterion, the category's average). Pure.
 */

type Locale = keyof Bilingual;

/**
 * Longest text of a message sent with an image, as its caption (Telegram allows 1,024 characters).
 * A ranking is cut to fit, with a line saying how many were left out.
 */
export const CAPTION_MAX = 1024;

/** A score as people write it: 87,50 in Indonesian, 87.50 in English. */
export function formatScore(value: number | null, locale: Locale, digits = 2): string {
  if (value === null) return '–';
  return value.toLocaleString(locale === 'id' ? 'id-ID' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** The mean final score of the category's ranked entries (null when none has one). */
export function categoryAverage(category: ResultCategory): number | null {
  const finals = category.entries.filter((e) => e.rank !== null && e.final !== null).map((e) => e.final!);
  if (finals.length === 0) return null;
  return finals.reduce((s, v) => s + v, 0) / finals.length;
}

/** The entries a ranking message and chart show: ranked ones, best first, at most topN. */
export function topEntries(category: ResultCategory, topN: number): ResultEntry[] {
  return category.entries.filter((e) => e.rank !== null).slice(0, Math.max(0, topN));
}

/** Message key of a category's ranking (one broadcast message per key). */
export function rankingKey(categoryCode: string): string {
  return `ranking:${categoryCode}`;
}

/** Message key of a nominee's own result. */
export function personalKey(number: string): string {
  return `personal:${number}`;
}

const HEAD = {
  id: (seleksi: string) => `🏆 Hasil ${seleksi}`,
  en: (seleksi: string) => `🏆 Results of ${seleksi}`,
};

/** The ranking of one category: heading, then "1. Name — Region: 87,50" per entry, within CAPTION_MAX. */
export function rankingText(results: Results, category: ResultCategory, locale: Locale): string {
  const top = topEntries(category, results.topN);
  const heading = [
    HEAD[locale](results.seleksi.name),
    `${category.code} — ${category.name[locale]} (${locale === 'id' ? `${top.length} besar` : `top ${top.length}`})`,
  ];
  if (top.length === 0) {
    heading.push(locale === 'id' ? 'Tidak ada nominasi yang diperingkat.' : 'No nomination was ranked.');
    return heading.join('\n');
  }
  const lines = top.map((e) => `${e.rank}. ${e.name} — ${e.region}: ${formatScore(e.final, locale)}`);
  const kept: string[] = [];
  let length = heading.join('\n').length;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i;
    const more =
      left > 1 ? `\n… ${locale === 'id' ? `dan ${left - 1} lainnya` : `and ${left - 1} more`}` : '';
    // Keep room for the "… and N more" line in case a later line does not fit.
    if (length + 1 + line.length + (i < lines.length - 1 ? more.length : 0) > CAPTION_MAX) {
      kept.push(`… ${locale === 'id' ? `dan ${left} lainnya` : `and ${left} more`}`);
      break;
    }
    kept.push(line);
    length += 1 + line.length;
  }
  return [...heading, ...kept].join('\n');
}

/** A nominee's own result: rank of how many, final score, mean per criterion, the category average. */
export function personalText(
  results: Results,
  category: ResultCategory,
  entry: ResultEntry,
  locale: Locale,
): string {
  const ranked = category.entries.filter((e) => e.rank !== null).length;
  const id = locale === 'id';
  const lines = [
    id ? `🏅 Hasil Anda — ${results.seleksi.name}` : `🏅 Your result — ${results.seleksi.name}`,
    `${entry.number} — ${entry.name} (${entry.region}), ${category.code}`,
  ];
  if (entry.rank === null) {
    lines.push(
      id
        ? 'Tidak diperingkat: dinilai oleh lebih sedikit juri dari jumlah minimum.'
        : 'Not ranked: scored by fewer jurors than the minimum.',
    );
  } else {
    lines.push(
      id
        ? `Peringkat ${entry.rank} dari ${ranked}, nilai akhir ${formatScore(entry.final, locale)}`
        : `Rank ${entry.rank} of ${ranked}, final score ${formatScore(entry.final, locale)}`,
    );
  }
  lines.push(
    `${id ? 'Rata-rata kategori' : 'Category average'}: ${formatScore(categoryAverage(category), locale)}`,
  );
  lines.push(id ? 'Nilai rata-rata per kriteria:' : 'Mean score per criterion:');
  for (const c of category.criteria) {
    lines.push(`• ${c.label[locale]}: ${formatScore(entry.criteria[c.code] ?? null, locale, 1)}`);
  }
  return lines.join('\n');
}

/** One message of the broadcast in both languages (before its chart, if any, is drawn). */
export interface ComposedMessage {
  key: string;
  text: Bilingual;
  /** The category whose chart goes with it (ranking messages). */
  chartOf: string | null;
  /** Personal messages: the nominee's number (the recipients are the persons linked to it). */
  nominee: string | null;
}

/** Every message of the results broadcast: each category's ranking, then each nominee's own result. */
export function composeResults(results: Results): ComposedMessage[] {
  const both = (make: (l: Locale) => string): Bilingual => ({ id: make('id'), en: make('en') });
  const messages: ComposedMessage[] = results.categories.map((c) => ({
    key: rankingKey(c.code),
    text: both((l) => rankingText(results, c, l)),
    chartOf: c.code,
    nominee: null,
  }));
  for (const c of results.categories) {
    for (const e of c.entries) {
      messages.push({
        key: personalKey(e.number),
        text: both((l) => personalText(results, c, e, l)),
        chartOf: null,
        nominee: e.number,
      });
    }
  }
  return messages;
}
