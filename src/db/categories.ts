import type { PrismaClient } from './client.ts';

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
