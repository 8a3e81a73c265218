import {
  broadcastById,
  latestBroadcast,
  pauseBroadcast,
  restartBroadcast,
  stopBroadcast,
} from '../db/broadcast-records.ts';
import {
  cancelPending,
  chunksToSend,
  type DeliveryCounts,
  deliveryCounts,
  finishIfDone,
  requeueUnknown,
} from '../db/broadcast-sql.ts';
import type { PrismaClient } from '../db/client.ts';
import { findSeleksi } from './invites.ts';
import { type PublishDeps, RESULTS_KIND } from './publish.ts';
import { SeleksiError } from './seleksi-errors.ts';

/**
 * Pause, resume, cancel and resend-unknown of a seleksi's results broadcast, and its progress. A
 * pause or cancel takes effect at once for claims (the delivery claim requires a RUNNING broadcast)
 * and within a second for the runs (they watch the status); what is in flight finishes.
 */

/** What an admin can do to a running broadcast. */
export type BroadcastAction = 'pause' | 'resume' | 'cancel' | 'resend-unknown';

/** A broadcast's progress (seleksi status, publish --follow, admin status in chat). */
export interface BroadcastProgress {
  id: string;
  code: string;
  status: string;
  total: number;
  counts: DeliveryCounts;
  /** PENDING + SENDING: still to go. */
  pending: number;
  startedAt: string | null;
  finishedAt: string | null;
}

async function resultsBroadcast(prisma: PrismaClient, ref: string) {
  const seleksi = await findSeleksi(prisma, ref);
  const broadcast = await latestBroadcast(prisma, seleksi.id, RESULTS_KIND);
  if (!broadcast) {
    throw new SeleksiError(
      `${seleksi.code}: belum ada siaran hasil; jalankan seleksi publish (no results broadcast yet)`,
    );
  }
  return { seleksi, broadcast };
}

/** The progress of the seleksi's results broadcast. */
export async function broadcastProgress(prisma: PrismaClient, ref: string): Promise<BroadcastProgress> {
  const { seleksi, broadcast } = await resultsBroadcast(prisma, ref);
  return progressOf(prisma, seleksi.code, broadcast.id);
}

/** The progress of one broadcast. */
export async function progressOf(
  prisma: PrismaClient,
  code: string,
  broadcastId: string,
): Promise<BroadcastProgress> {
  const [b, counts] = await Promise.all([
    broadcastById(prisma, broadcastId),
    deliveryCounts(prisma, broadcastId),
  ]);
  return {
    id: b.id,
    code,
    status: b.status,
    total: b.total,
    counts,
    pending: counts.PENDING + counts.SENDING,
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

/** Applies an admin action to the seleksi's results broadcast; returns its progress after. */
export async function controlBroadcast(
  deps: Pick<PublishDeps, 'prisma' | 'dispatcher'>,
  ref: string,
  action: BroadcastAction,
): Promise<BroadcastProgress> {
  const { prisma } = deps;
  const { seleksi, broadcast } = await resultsBroadcast(prisma, ref);
  const id = broadcast.id;
  const refuse = (what: string) =>
    new SeleksiError(
      `${seleksi.code}: siaran ${broadcast.status.toLowerCase()} tidak dapat di-${what} (broadcast is ${broadcast.status.toLowerCase()})`,
    );
  if (action === 'pause') {
    if (broadcast.status !== 'RUNNING') throw refuse('jeda');
    await pauseBroadcast(prisma, id);
  } else if (action === 'cancel') {
    if (broadcast.status === 'DONE' || broadcast.status === 'STOPPED') throw refuse('batalkan');
    await stopBroadcast(prisma, id);
    await cancelPending(prisma, id);
  } else {
    if (action === 'resume' && broadcast.status !== 'PAUSED' && broadcast.status !== 'RUNNING') {
      throw refuse('lanjutkan');
    }
    if (action === 'resend-unknown' && broadcast.status === 'STOPPED') throw refuse('kirim ulang');
    if (action === 'resend-unknown') await requeueUnknown(prisma, id);
    // A new generation: the chunk jobs of the new run are new jobs, even where the old ones completed.
    const generation = await restartBroadcast(prisma, id);
    await deps.dispatcher.dispatch(id, generation, await chunksToSend(prisma, id));
    await finishIfDone(prisma, id);
  }
  return progressOf(prisma, seleksi.code, id);
}
