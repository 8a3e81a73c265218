/** Whether the database is there and migrated: the start-up checks of the roots and /healthz. */
import type { PrismaClient } from './client.ts';

/** One round trip to Postgres; rejects with the driver's error when it cannot be reached. */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}

/** Whether the schema has been migrated (its session table exists). */
export async function isMigrated(prisma: PrismaClient): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ migrated: boolean }[]>`
    SELECT to_regclass('conversation_session') IS NOT NULL AS migrated`;
  return row?.migrated === true;
}
