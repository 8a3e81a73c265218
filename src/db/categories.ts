import type { PrismaClient, PrismaDb } from './client.ts';

/** A category's code and how many criteria it has. */
export interface CategoryCriteriaCount {
  code: string;
  criteria: number;
}

/** The seleksi's categories in the definition's order, each with its number of criteria. */
export async function listCategoryCriteriaCounts(
  prisma: PrismaClient,
  seleksiId: string,
): Promise<CategoryCriteriaCount[]> {
  const rows = await prisma.category.findMany({
    where: { seleksiId },
    select: { code: true, _count: { select: { criteria: true } } },
    orderBy: { position: 'asc' },
  });
  return rows.map((c) => ({ code: c.code, criteria: c._count.criteria }));
}

const CRITERION = {
  code: true,
  labelId: true,
  labelEn: true,
  weight: true,
  min: true,
  max: true,
  rubricId: true,
  rubricEn: true,
} as const;

/**
 * The seleksi's categories in list order, each with its criteria in list order, its definition
 * settings and the seleksi's rules (what the chat context needs of a category).
 */
export function categoriesWithCriteria(db: PrismaDb, seleksiId: string) {
  return db.category.findMany({
    where: { seleksiId },
    orderBy: [{ position: 'asc' }, { code: 'asc' }],
    select: {
      id: true,
      code: true,
      nameId: true,
      nameEn: true,
      subjectType: true,
      criteria: { orderBy: [{ position: 'asc' }, { code: 'asc' }], select: CRITERION },
      settings: true,
      seleksi: { select: { rules: true } },
    },
  });
}
