/**
 * What the results messages are made of: a frozen ranking as people read it (names, kabupaten/kota
 * names, labels in both languages). Plain data; the app fills it from the stored ranking.
 */

/** A label in both languages. */
export interface Bilingual {
  id: string;
  en: string;
}

/** One nominee's line in a category's results. */
export interface ResultEntry {
  /** Null for a nominee who was not ranked (fewer jurors than the minimum). */
  rank: number | null;
  number: string;
  name: string;
  /** Kabupaten/kota name. */
  region: string;
  /** Final score on 0–100; null when no juror scored the nominee. */
  final: number | null;
  /** Mean raw score per criterion code. */
  criteria: Record<string, number | null>;
}

/** One category's results, entries in rank order (unranked ones last). */
export interface ResultCategory {
  code: string;
  name: Bilingual;
  criteria: { code: string; label: Bilingual }[];
  entries: ResultEntry[];
}

/** A seleksi's published results. */
export interface Results {
  seleksi: { code: string; name: string };
  /** How many entries the category rankings show. */
  topN: number;
  categories: ResultCategory[];
}
