import type { BroadcastChannel } from './broadcast-sql.ts';
import type { PrismaDb, Tx } from './client.ts';
import { Prisma } from './generated/client.ts';

/**
 * The statements that create a results broadcast: its messages, its recipients' chats and one
 * delivery per (chat, message), numbered into chunks (see broadcast-sql.ts for what a delivery is).
 */

/** A composed message to store with the broadcast. */
export interface MessageRow {
  key: string;
  position: number;
  textId: string;
  textEn: string;
  imageId: Uint8Array | null;
  imageEn: Uint8Array | null;
  /** Personal messages: the nominee's number (delivered to the persons linked to that nomination). */
  nominee: string | null;
}

/** Stores the broadcast's messages. */
export async function insertMessages(tx: Tx, broadcastId: string, messages: MessageRow[]): Promise<void> {
  for (const m of messages) {
    await tx.broadcastMessage.create({
      data: {
        broadcastId,
        key: m.key,
        position: m.position,
        textId: m.textId,
        textEn: m.textEn,
        imageId: m.imageId ? Buffer.from(m.imageId) : null,
        imageEn: m.imageEn ? Buffer.from(m.imageEn) : null,
      },
    });
  }
}

/**
 * The recipients' chats (channel, external_id, person_id, locale, last_inbound_at): the chats on
 * `channels` of everyone with a membership in the seleksi — members, nominees registered as members,
 * officers, jurors, admins — except chats that blocked the bot and have not written since.
 */
function recipientChats(seleksiId: string, channels: BroadcastChannel[]): Prisma.Sql {
  return Prisma.sql`
      SELECT DISTINCT ON (ci.channel, ci.external_id)
             ci.channel, ci.external_id, ci.person_id, p.locale, ci.last_inbound_at
        FROM membership m
        JOIN person p ON p.id = m.person_id
        JOIN channel_identity ci ON ci.person_id = m.person_id
       WHERE m.seleksi_id = ${seleksiId}
         AND ci.channel::text = ANY(${channels}::text[])
         AND (ci.blocked_at IS NULL OR ci.last_inbound_at > ci.blocked_at)
       ORDER BY ci.channel, ci.external_id`;
}

/** How many chats a broadcast of the seleksi would reach, per channel (for the preview). */
export async function countRecipientChats(
  db: PrismaDb,
  seleksiId: string,
  channels: BroadcastChannel[],
): Promise<Record<BroadcastChannel, number>> {
  const rows = await db.$queryRaw<{ channel: BroadcastChannel; n: number }[]>`
    WITH chats AS (${recipientChats(seleksiId, channels)})
    SELECT channel::text AS channel, count(*)::int AS n FROM chats GROUP BY channel`;
  const counts: Record<BroadcastChannel, number> = { TELEGRAM: 0, WHATSAPP: 0 };
  for (const r of rows) counts[r.channel] = r.n;
  return counts;
}

/**
 * Creates one delivery per (recipient chat, message) in one statement. Every recipient gets the
 * `ranking:` messages; a nominee's `personal:` message goes to the persons in `personal` (nominee
 * number → person ids). Chats are numbered per channel — those who wrote to the bot most recently
 * first (WhatsApp prefers them) — and cut into chunks of `chunkSize` chats; inside a chunk the send
 * order goes round the chats (every chat's first message, then every chat's second…).
 */
export async function insertDeliveries(
  tx: Tx,
  input: {
    broadcastId: string;
    seleksiId: string;
    channels: { channel: BroadcastChannel; chunkSize: number }[];
    personal: { number: string; personIds: string[] }[];
  },
): Promise<{ total: number; chunks: number }> {
  const channels = input.channels.map((c) => c.channel);
  const sizes = input.channels.map((c) => c.chunkSize);
  const numbers = input.personal.flatMap((p) => p.personIds.map(() => p.number));
  const persons = input.personal.flatMap((p) => p.personIds);
  const rows = await tx.$queryRaw<{ total: number; chunks: number }[]>`
    WITH chats AS (${recipientChats(input.seleksiId, channels)}),
    sizes AS (
      SELECT * FROM unnest(${channels}::text[], ${sizes}::int[]) AS s(channel, size)
    ), numbered AS (
      SELECT c.*, s.size,
             row_number() OVER (PARTITION BY c.channel
                                ORDER BY c.last_inbound_at DESC NULLS LAST, c.external_id) - 1 AS pos
        FROM chats c JOIN sizes s ON s.channel = c.channel::text
    ), personal AS (
      SELECT * FROM unnest(${numbers}::text[], ${persons}::text[]) AS x(number, person_id)
    ), wanted AS (
      SELECT n.*, bm.id AS message_id, bm.position, bm.key
        FROM numbered n
        JOIN broadcast_message bm ON bm.broadcast_id = ${input.broadcastId}
       WHERE bm.key LIKE 'ranking:%'
          OR bm.key IN (SELECT 'personal:' || x.number FROM personal x WHERE x.person_id = n.person_id)
    ), placed AS (
      SELECT w.*,
             dense_rank() OVER (ORDER BY w.channel, w.pos / w.size) - 1 AS chunk,
             (row_number() OVER (PARTITION BY w.channel, w.external_id ORDER BY w.position, w.key) - 1)
               * w.size + w.pos % w.size AS seq
        FROM wanted w
    ), inserted AS (
      INSERT INTO delivery (broadcast_id, chunk, seq, person_id, channel, external_id, message_id, locale)
      SELECT ${input.broadcastId}, chunk, seq, person_id, channel, external_id, message_id, locale FROM placed
      RETURNING chunk
    )
    SELECT count(*)::int AS total, (count(DISTINCT chunk))::int AS chunks FROM inserted`;
  return rows[0] ?? { total: 0, chunks: 0 };
}

/**
 * Who gets each nominee's own result: the members of the seleksi registered as that nominee (a member
 * invite with `--nominee NUMBER`: membership.nomination_id), and the members whose phone number
 * (person.phone, E.164, from `members import` or WhatsApp) is one of the nomination's answers — the
 * nominee's (or the organisation chair's) number the officer gave, stored as E.164 too.
 */
export function nomineeRecipients(
  db: PrismaDb,
  seleksiId: string,
): Promise<{ number: string; personIds: string[] }[]> {
  return db.$queryRaw<{ number: string; personIds: string[] }[]>`
    WITH linked AS (
      SELECT n.number, m.person_id
        FROM membership m JOIN nomination n ON n.id = m.nomination_id
       WHERE m.seleksi_id = ${seleksiId} AND n.status = 'SUBMITTED'
      UNION
      SELECT n.number, m.person_id
        FROM nomination n
        JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(n.answers) = 'object' THEN n.answers ELSE '{}' END) a ON true
        JOIN person p ON p.phone = a.value
        JOIN membership m ON m.person_id = p.id AND m.seleksi_id = n.seleksi_id
       WHERE n.seleksi_id = ${seleksiId} AND n.status = 'SUBMITTED' AND a.value LIKE '+%'
    )
    SELECT number, array_agg(DISTINCT person_id) AS "personIds" FROM linked GROUP BY number`;
}
