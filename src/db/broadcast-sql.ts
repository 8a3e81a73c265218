import type { DbChannelName } from '../core/names.ts';
import { type PrismaClient, type PrismaDb, pgPoolOf } from './client.ts';

/**
 * The statements of the results broadcast. A delivery is one message to one chat, keyed by
 * (broadcast, chunk, seq): a chunk holds every delivery of its chats (one delivery job sends one
 * chunk), seq is the send order inside it. A delivery goes PENDING → SENDING (committed before the
 * platform call, by the run named in `claim`) → SENT / FAILED / back to PENDING (not delivered, to
 * retry); a SENDING row whose run died becomes UNKNOWN and is never sent again unless an admin asks.
 * A chunk's run (pending rows, claims, outcomes, status polls) goes straight to node-postgres, on
 * the pool under the Prisma client: a few statements per message sent, where Prisma's own work per
 * statement cost about twice the statement's.
 */

/** The channels a broadcast goes out on (the `Channel` enum). */
export type BroadcastChannel = Exclude<DbChannelName, 'CONSOLE'>;

/** A delivery's state (the `DeliveryStatus` enum). */
export type DeliveryState = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'UNKNOWN' | 'SKIPPED' | 'CANCELLED';

/** A delivery a chunk's run still has to send. */
export interface ChunkDelivery {
  seq: number;
  channel: BroadcastChannel;
  external_id: string;
  message_id: string;
  locale: string;
  attempts: number;
}

/** The PENDING deliveries of a chunk, in send order. */
export async function pendingOfChunk(
  prisma: PrismaClient,
  broadcastId: string,
  chunk: number,
): Promise<ChunkDelivery[]> {
  const { rows } = await pgPoolOf(prisma).query<ChunkDelivery>(
    `SELECT seq, channel::text AS channel, external_id, message_id, locale, attempts
       FROM delivery
      WHERE broadcast_id = $1 AND chunk = $2 AND status = 'PENDING'
      ORDER BY seq`,
    [broadcastId, chunk],
  );
  return rows;
}

/**
 * A chunk's run starts: what an earlier run of it left SENDING (it died during the platform call)
 * becomes UNKNOWN. Returns how many.
 */
export async function markAbandoned(
  prisma: PrismaClient,
  broadcastId: string,
  chunk: number,
  claim: string,
): Promise<number> {
  const { rowCount } = await pgPoolOf(prisma).query(
    `UPDATE delivery SET status = 'UNKNOWN', last_error = 'sender stopped during the send'
      WHERE broadcast_id = $1 AND chunk = $2 AND status = 'SENDING' AND claim IS DISTINCT FROM $3`,
    [broadcastId, chunk, claim],
  );
  return rowCount ?? 0;
}

/**
 * Claims deliveries for sending, committed before the platform calls: only PENDING ones of a
 * broadcast that is RUNNING are taken (a pause or cancel stops the claims at once). Returns the seqs
 * claimed.
 */
export async function claimDeliveries(
  prisma: PrismaClient,
  broadcastId: string,
  chunk: number,
  seqs: number[],
  claim: string,
): Promise<number[]> {
  const { rows } = await pgPoolOf(prisma).query<{ seq: number }>(
    `UPDATE delivery d SET status = 'SENDING', claim = $4, attempts = d.attempts + 1
       FROM broadcast b
      WHERE b.id = $1 AND b.status = 'RUNNING'
        AND d.broadcast_id = b.id AND d.chunk = $2 AND d.seq = ANY ($3::int[])
        AND d.status = 'PENDING'
     RETURNING d.seq`,
    [broadcastId, chunk, seqs, claim],
  );
  return rows.map((r) => r.seq);
}

/** What became of a claimed delivery. */
export interface Outcome {
  seq: number;
  status: 'SENT' | 'FAILED' | 'PENDING';
  error: string | null;
}

/**
 * Records the outcomes of claimed deliveries, only for the run that claimed them. A row already
 * judged UNKNOWN by a later run (this run was thought dead) takes the real outcome. A delivery given
 * back unsent (PENDING) after the broadcast was cancelled is CANCELLED.
 */
export async function recordOutcomes(
  prisma: PrismaClient,
  broadcastId: string,
  chunk: number,
  claim: string,
  outcomes: Outcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await pgPoolOf(prisma).query(
    `UPDATE delivery d
        SET status = (CASE WHEN o.status = 'PENDING' AND b.status = 'STOPPED' THEN 'CANCELLED'
                           ELSE o.status END)::"DeliveryStatus",
            last_error = o.error,
            sent_at = CASE WHEN o.status = 'SENT' THEN now() ELSE d.sent_at END
       FROM unnest($4::int[], $5::text[], $6::text[]) AS o(seq, status, error),
            broadcast b
      WHERE b.id = $1 AND d.broadcast_id = b.id AND d.chunk = $2 AND d.seq = o.seq
        AND d.claim = $3 AND d.status IN ('SENDING', 'UNKNOWN')`,
    [
      broadcastId,
      chunk,
      claim,
      outcomes.map((o) => o.seq),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.error),
    ],
  );
}

/**
 * The chat blocked the bot: its identity is marked (later broadcasts skip it until the person writes
 * again) and its other PENDING deliveries of this broadcast are SKIPPED. Returns the seqs skipped.
 */
export async function blockChat(
  db: PrismaDb,
  broadcastId: string,
  chunk: number,
  chat: { channel: BroadcastChannel; externalId: string },
): Promise<number[]> {
  await db.$executeRaw`
    UPDATE channel_identity SET blocked_at = now()
     WHERE channel::text = ${chat.channel} AND external_id = ${chat.externalId}`;
  const rows = await db.$queryRaw<{ seq: number }[]>`
    UPDATE delivery SET status = 'SKIPPED', last_error = 'the chat blocked the bot'
     WHERE broadcast_id = ${broadcastId} AND chunk = ${chunk} AND external_id = ${chat.externalId}
       AND channel::text = ${chat.channel} AND status = 'PENDING'
    RETURNING seq`;
  return rows.map((r) => r.seq);
}

/** A stored message in the recipient's language. */
export interface StoredMessage {
  text: string;
  image: Uint8Array | null;
}

/** Loads a message of a broadcast in both languages. */
export async function loadMessage(
  db: PrismaDb,
  messageId: string,
): Promise<Record<'id' | 'en', StoredMessage>> {
  const m = await db.broadcastMessage.findUniqueOrThrow({ where: { id: messageId } });
  return {
    id: { text: m.textId, image: m.imageId },
    en: { text: m.textEn, image: m.imageEn ?? m.imageId },
  };
}

/** Deliveries of a broadcast per state. */
export type DeliveryCounts = Record<DeliveryState, number>;

/** Counts a broadcast's deliveries per state (index on (broadcast_id, status)). */
export async function deliveryCounts(db: PrismaDb, broadcastId: string): Promise<DeliveryCounts> {
  const rows = await db.$queryRaw<{ status: DeliveryState; n: number }[]>`
    SELECT status::text AS status, count(*)::int AS n FROM delivery
     WHERE broadcast_id = ${broadcastId} GROUP BY status`;
  const counts: DeliveryCounts = {
    PENDING: 0,
    SENDING: 0,
    SENT: 0,
    FAILED: 0,
    UNKNOWN: 0,
    SKIPPED: 0,
    CANCELLED: 0,
  };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Marks a RUNNING broadcast DONE when nothing is left to send or being sent. Returns whether it did. */
export async function finishIfDone(db: PrismaDb, broadcastId: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE broadcast SET status = 'DONE', finished_at = now()
     WHERE id = ${broadcastId} AND status = 'RUNNING'
       AND NOT EXISTS (SELECT 1 FROM delivery
                        WHERE broadcast_id = ${broadcastId} AND status IN ('PENDING', 'SENDING'))`;
  return n > 0;
}

/** The chunks of a broadcast that still have PENDING deliveries, with their channel. */
export function chunksToSend(
  db: PrismaDb,
  broadcastId: string,
): Promise<{ chunk: number; channel: BroadcastChannel }[]> {
  return db.$queryRaw<{ chunk: number; channel: BroadcastChannel }[]>`
    SELECT DISTINCT chunk, channel::text AS channel FROM delivery
     WHERE broadcast_id = ${broadcastId} AND status = 'PENDING' ORDER BY chunk`;
}

/** Cancels what is not sent yet: PENDING deliveries become CANCELLED. Returns how many. */
export function cancelPending(db: PrismaDb, broadcastId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE delivery SET status = 'CANCELLED' WHERE broadcast_id = ${broadcastId} AND status = 'PENDING'`;
}

/** UNKNOWN deliveries go back to PENDING (the admin accepts that some may arrive twice). */
export function requeueUnknown(db: PrismaDb, broadcastId: string): Promise<number> {
  return db.$executeRaw`
    UPDATE delivery SET status = 'PENDING', last_error = NULL
     WHERE broadcast_id = ${broadcastId} AND status = 'UNKNOWN'`;
}

/** A broadcast's status (RUNNING, PAUSED, …), or null when it is gone. */
export async function broadcastStatus(prisma: PrismaClient, broadcastId: string): Promise<string | null> {
  const { rows } = await pgPoolOf(prisma).query<{ status: string }>(
    'SELECT status::text AS status FROM broadcast WHERE id = $1',
    [broadcastId],
  );
  return rows[0]?.status ?? null;
}
