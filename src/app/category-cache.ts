import { categoriesWithCriteria } from '../db/categories.ts';
import type { PrismaDb } from '../db/client.ts';
import { type CategoryRules, categoryRulesOf } from '../domain/definition/category-rules.ts';
import type { CategoryView } from './flow-steps/context.ts';

/** A seleksi's category with its criteria, as the context shows it. */
export interface CategoryRow {
  id: string;
  code: string;
  nameId: string;
  nameEn: string;
  subjectType: 'PERSON' | 'ORGANISATION';
  criteria: {
    code: string;
    labelId: string;
    labelEn: string;
    weight: number;
    min: number;
    max: number;
    rubricId: string;
    rubricEn: string;
  }[];
  /** The definition's nomination settings, eligibility rules and evidence of this category. */
  rules?: CategoryRules;
}

/** Reads a seleksi's categories, kept in memory for a while. */
export type CategoryCache = (db: PrismaDb, seleksiId: string) => Promise<CategoryRow[]>;

/** Reads a seleksi's categories and criteria, in list order. */
async function readCategories(db: PrismaDb, seleksiId: string): Promise<CategoryRow[]> {
  const found = await categoriesWithCriteria(db, seleksiId);
  return found.map(({ settings, seleksi, ...c }) => ({
    ...c,
    rules: categoryRulesOf(c.code, settings, seleksi.rules),
  }));
}

/**
 * A seleksi's categories and criteria, kept `ttlMs` in memory: they are fixed once the seleksi
 * leaves draft (the phase itself is read on every message).
 */
export function createCategoryCache(ttlMs: number): CategoryCache {
  const cache = new Map<string, { at: number; rows: CategoryRow[] }>();
  return async (db, seleksiId) => {
    const hit = cache.get(seleksiId);
    if (hit && Date.now() - hit.at < ttlMs) return hit.rows;
    const rows = await readCategories(db, seleksiId);
    cache.set(seleksiId, { at: Date.now(), rows });
    return rows;
  };
}

/** Both languages: the engine picks the chat's at the moment it shows them (`bahasa` mid-question). */
export function toCategoryView(c: CategoryRow): CategoryView {
  return {
    code: c.code,
    name: { id: c.nameId, en: c.nameEn || c.nameId },
    subjectType: c.subjectType,
    criteria: c.criteria.map((k) => ({
      code: k.code,
      label: { id: k.labelId, en: k.labelEn || k.labelId },
      weight: k.weight,
      min: k.min,
      max: k.max,
      rubric: { id: k.rubricId, en: k.rubricEn || k.rubricId },
      ...(c.rules?.evidence[k.code] ? { evidence: c.rules.evidence[k.code] } : {}),
    })),
    ...(c.rules ? { rules: c.rules } : {}),
  };
}
