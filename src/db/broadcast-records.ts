/**
 * Reads and status changes of a broadcast's own row, and the count of its unsent deliveries per
 * channel (the sending of its deliveries is in broadcast-sql.ts).
 */
import type { Db, PrismaClient, PrismaDb } from './client.ts';

/** The newest broadcast of this kind of the seleksi, or null. */
export function latestBroadcast(
  prisma: PrismaClient,
  seleksiId: string,
  kind: string,
): Promise<Db.Broadcast | null> {
  return prisma.broadcast.findFirst({ where: { seleksiId, kind }, orderBy: { createdAt: 'desc' } });
}

/** A broadcast of this kind of the seleksi (any one; there is at most one results broadcast), or null. */
export function broadcastOfKind(db: PrismaDb, seleksiId: string, kind: string): Promise<Db.Broadcast | null> {
  return db.broadcast.findFirst({ where: { seleksiId, kind } });
}

/** Creates a PENDING broadcast row (its messages and deliveries are inserted afterwards). */
export function insertBroadcast(
  tx: PrismaDb,
  data: { seleksiId: string; kind: string; rankingId: string; createdById: string | null },
): Promise<Db.Broadcast> {
  return tx.broadcast.create({ data });
}

/** Records a broadcast's delivery total, chunk count and chunk size once its deliveries are inserted. */
export function setBroadcastTotals(
  tx: PrismaDb,
  id: string,
  totals: { total: number; chunks: number; chunkSize: number },
): Promise<Db.Broadcast> {
  return tx.broadcast.update({ where: { id }, data: totals });
}

/** Marks a broadcast RUNNING from now. */
export function markBroadcastRunning(
  prisma: PrismaClient,
  id: string,
  at = new Date(),
): Promise<Db.Broadcast> {
  return prisma.broadcast.update({ where: { id }, data: { status: 'RUNNING', startedAt: at } });
}

/** The broadcast's deliveries still PENDING or SENDING, counted per channel. */
export async function unsentDeliveriesByChannel(
  prisma: PrismaClient,
  broadcastId: string,
): Promise<{ channel: Db.Channel; count: number }[]> {
  const rows = await prisma.delivery.groupBy({
    by: ['channel'],
    where: { broadcastId, status: { in: ['PENDING', 'SENDING'] } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ channel: r.channel, count: r._count._all }));
}

/** One broadcast (it must exist). */
export function broadcastById(prisma: PrismaClient, id: string): Promise<Db.Broadcast> {
  return prisma.broadcast.findUniqueOrThrow({ where: { id } });
}

/** Pauses a broadcast (its chunk jobs stop at their next delivery). */
export async function pauseBroadcast(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.broadcast.update({ where: { id }, data: { status: 'PAUSED' } });
}

/** Stops a broadcast for good. */
export async function stopBroadcast(prisma: PrismaClient, id: string, at = new Date()): Promise<void> {
  await prisma.broadcast.update({ where: { id }, data: { status: 'STOPPED', finishedAt: at } });
}

/** Runs a broadcast again as a new generation (its chunk jobs are new jobs); returns that generation. */
export async function restartBroadcast(prisma: PrismaClient, id: string): Promise<number> {
  const next = await prisma.broadcast.update({
    where: { id },
    data: { status: 'RUNNING', finishedAt: null, generation: { increment: 1 } },
  });
  return next.generation;
}
