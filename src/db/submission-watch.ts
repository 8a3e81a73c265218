import type { PrismaClient } from './client.ts';

/**
 * How many of the listed submissions still wait for their user: PENDING, or written but not yet
 * confirmed (the console waits for these at the end of its input).
 */
export function countAwaitingConfirmation(prisma: PrismaClient, ids: readonly string[]): Promise<number> {
  return prisma.submission.count({
    where: {
      id: { in: [...ids] },
      OR: [{ status: 'PENDING' }, { status: 'DONE', confirmedAt: null }],
    },
  });
}
