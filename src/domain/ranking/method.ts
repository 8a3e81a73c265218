/**
 * The ranking method of a seleksi, from what `seleksi create` stored: the normalisation and
 * tie-break chain columns, each category's own chain and criteria, and the definition's
 * `scoring.min_jurors` and `awards`. Pure.
 */
import { awardsSchema } from '../definition/schema.ts';
import type { CategorySpec, Normalization, RankingMethod } from './types.ts';

const NORMALIZATION = { MEAN: 'mean', TRIMMED_MEAN: 'trimmed_mean', ZSCORE: 'zscore' } as const;

/** A stored seleksi as far as its ranking method goes. */
export interface StoredMethod {
  level: 'KABUPATEN' | 'PROVINSI' | 'NASIONAL';
  normalization: keyof typeof NORMALIZATION;
  trimFraction: number;
  tieBreak: string[];
  /** The validated definition as stored (`scoring.min_jurors`, `awards`). */
  definition: unknown;
  categories: {
    code: string;
    /** `{ tieBreak: [...] | null }` when the category brings its own chain. */
    settings: unknown;
    criteria: { code: string; weight: number; min: number; max: number }[];
  }[];
}

function field(obj: unknown, key: string): unknown {
  return obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The method the ranking uses; categories and criteria in the order given (the definition's). */
export function rankingMethodOf(s: StoredMethod): RankingMethod {
  const scoring = field(s.definition, 'scoring');
  const minJurors = field(scoring, 'min_jurors');
  const awards = awardsSchema.safeParse(field(s.definition, 'awards') ?? {});
  const a = awards.success ? awards.data : { juara: 3, harapan: 0, juara_umum: undefined };
  const categories: CategorySpec[] = s.categories.map((c) => {
    const own = field(c.settings, 'tieBreak');
    return {
      code: c.code,
      tieBreak: Array.isArray(own) ? own.map(String) : [...s.tieBreak],
      criteria: c.criteria.map((k) => ({ code: k.code, weight: k.weight, min: k.min, max: k.max })),
    };
  });
  return {
    normalization: NORMALIZATION[s.normalization] as Normalization,
    trimFraction: s.trimFraction,
    minJurors: typeof minJurors === 'number' && minJurors >= 1 ? minJurors : 1,
    awards: {
      juara: a.juara,
      harapan: a.harapan,
      juaraUmum: a.juara_umum
        ? { points: a.juara_umum.points, by: s.level === 'NASIONAL' ? 'provinsi' : 'kabupaten' }
        : null,
    },
    categories,
  };
}
