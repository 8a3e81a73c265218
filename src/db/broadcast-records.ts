/** Reads and status changes of a broadcast's own row (its deliveries are in broadcast-sql.ts). */
import type { Db, PrismaClient } from './client.ts';

/** The newest broadcast of this kind of the seleksi, or null. */
export function latestBroadcast(
  prisma: PrismaClient,
  seleksiId: string,
  kind: string,
): Promise<Db.Broadcast | null> {
  return prisma.broadcast.findFirst({ where: { seleksiId, kind }, orderBy: { createdAt: 'desc' } });
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

/** A broadcast of the seleksi with its deliveries counted per status. */
export interface BroadcastWithCounts {
  broadcast: Db.Broadcast;
  /** Deliveries per status (statuses without any are missing). */
  deliveries: Map<string, number>;
}

/** The seleksi's broadcasts, oldest first, with their deliveries counted per status. */
export async function broadcastsWithCounts(
  prisma: PrismaClient,
  seleksiId: string,
): Promise<BroadcastWithCounts[]> {
  const broadcasts = await prisma.broadcast.findMany({ where: { seleksiId }, orderBy: { createdAt: 'asc' } });
  if (broadcasts.length === 0) return [];
  const groups = await prisma.delivery.groupBy({
    by: ['broadcastId', 'status'],
    where: { broadcastId: { in: broadcasts.map((b) => b.id) } },
    _count: { _all: true },
  });
  return broadcasts.map((broadcast) => ({
    broadcast,
    deliveries: new Map(
      groups.filter((g) => g.broadcastId === broadcast.id).map((g) => [g.status as string, g._count._all]),
    ),
  }));
}
