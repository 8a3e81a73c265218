/** Reads and writes of a seleksi's own row (its categories and criteria come with it). */
import type { Db, PrismaClient, PrismaDb } from './client.ts';

/** The codes of the newest seleksi, newest first. */
export async function recentSeleksiCodes(db: PrismaDb, take: number): Promise<string[]> {
  const rows = await db.seleksi.findMany({ select: { code: true }, orderBy: { createdAt: 'desc' }, take });
  return rows.map((r) => r.code);
}

/** The newest seleksi's id and code, or null when there is none. */
export function newestSeleksi(db: PrismaDb): Promise<{ id: string; code: string } | null> {
  return db.seleksi.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true, code: true } });
}

/** Whether any seleksi exists. */
export async function anySeleksi(db: PrismaDb): Promise<boolean> {
  return (await db.seleksi.count()) > 0;
}

/** The id of the seleksi with this code, or null. */
export async function seleksiIdByCode(db: PrismaDb, code: string): Promise<string | null> {
  return (await db.seleksi.findUnique({ where: { code }, select: { id: true } }))?.id ?? null;
}

/** The seleksi with this id or code (upper-cased), with its region and categories in position order, or null. */
export function seleksiByIdOrCode(db: PrismaDb, ref: string) {
  return db.seleksi.findFirst({
    where: { OR: [{ id: ref }, { code: ref.toUpperCase() }] },
    include: { region: true, categories: { orderBy: { position: 'asc' } } },
  });
}

/** The seleksi with this code and the definition it was created from, or null. */
export function seleksiDefinitionByCode(
  db: PrismaDb,
  code: string,
): Promise<{ id: string; code: string; phase: Db.Phase; definition: unknown } | null> {
  return db.seleksi.findUnique({
    where: { code },
    select: { id: true, code: true, phase: true, definition: true },
  });
}

/** A seleksi's phase (it must exist). */
export async function seleksiPhase(db: PrismaDb, id: string): Promise<Db.Phase> {
  return (await db.seleksi.findUniqueOrThrow({ where: { id }, select: { phase: true } })).phase;
}

/** A seleksi's region code (it must exist). */
export function seleksiRegion(db: PrismaDb, id: string): Promise<{ id: string; regionCode: string }> {
  return db.seleksi.findUniqueOrThrow({ where: { id }, select: { id: true, regionCode: true } });
}

/** The seleksi with its region and categories, criteria in position order (it must exist). */
export function seleksiWithCategories(db: PrismaDb, id: string) {
  return db.seleksi.findUniqueOrThrow({
    where: { id },
    include: {
      region: true,
      categories: {
        orderBy: [{ position: 'asc' }, { code: 'asc' }],
        include: { criteria: { orderBy: [{ position: 'asc' }, { code: 'asc' }] } },
      },
    },
  });
}

/**
 * Writes a seleksi with its nested categories and criteria and the audit event of its creation, in
 * one transaction. A code already taken fails on the unique index (Prisma P2002).
 */
export function insertSeleksi(
  prisma: PrismaClient,
  data: Db.Prisma.SeleksiUncheckedCreateInput,
  audit: { action: string; data: Db.Prisma.InputJsonValue },
  options: { maxWait: number; timeout: number },
): Promise<{ id: string; code: string }> {
  return prisma.$transaction(async (tx) => {
    const seleksi = await tx.seleksi.create({ data, select: { id: true, code: true } });
    await recordAudit(tx, { seleksiId: seleksi.id, ...audit });
    return seleksi;
  }, options);
}

/** One audit event of a seleksi. */
export async function recordAudit(
  tx: PrismaDb,
  event: { seleksiId: string; actorId?: string | null; action: string; data: Db.Prisma.InputJsonValue },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      seleksiId: event.seleksiId,
      ...(event.actorId !== undefined ? { actorId: event.actorId } : {}),
      action: event.action,
      data: event.data,
    },
  });
}

/** What the results in chat need of a seleksi: its results date, definition and category labels. */
export function seleksiResultLabels(db: PrismaDb, id: string) {
  return db.seleksi.findUniqueOrThrow({
    where: { id },
    select: {
      resultsAnnouncedAt: true,
      definition: true,
      categories: {
        orderBy: [{ position: 'asc' }, { code: 'asc' }],
        select: {
          code: true,
          nameId: true,
          nameEn: true,
          criteria: {
            orderBy: [{ position: 'asc' }, { code: 'asc' }],
            select: { code: true, labelId: true, labelEn: true },
          },
        },
      },
    },
  });
}
