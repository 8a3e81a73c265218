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
