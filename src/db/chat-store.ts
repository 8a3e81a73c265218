import { z } from 'zod';
import type { ChannelName, DbChannelName } from '../core/names.ts';
import { LOCK_CHAT, PRUNE_MESSAGE_IDS, READ_CHATS, WRITE_CHATS } from './chat-sql.ts';
import type { StatementRunner } from './statement.ts';

/**
 * The chat store: the one place that reads and writes what is stored about a chat for a message
 * (its session, who writes it, the dedupe of message ids). One read ({@link readChats}) and one
 * write ({@link writeChats}), each over one or more chats of a channel: the batched hot path runs
 * them on a pool for the messages of many chats at once; the locked path runs them for one chat
 * inside a transaction that first takes {@link lockChat}. Lock keys come from {@link chatLockKey}
 * only and reach the SQL as bound parameters. Rows are parsed with zod here, at the boundary.
 */

/** The Prisma `Channel` enum value of a channel name. */

/** The `Channel` enum value of a channel name. */
export function dbChannel(channel: ChannelName): DbChannelName {
  return channel.toUpperCase() as DbChannelName;
}

/** The chat's key: its advisory lock (hashed by Postgres), and its place in line in the process. */
export function chatLockKey(channel: ChannelName, chatId: string): string {
  return `${channel}:${chatId}`;
}

/** Some drivers hand json over as text. */
const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v), schema);

/** An officer's kabupaten's nomination, as the chat read aggregates it. */
export const nomineeRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  nominee_name: z.string(),
  region_code: z.string(),
  answers: z.unknown(),
  category_code: z.string(),
});
export type NomineeRow = z.infer<typeof nomineeRowSchema>;

/** One chat as {@link readChats} returns it (the columns of READ_CHATS, see chat-sql.ts). */
export const chatRowSchema = z.object({
  /** False when the message id was already handled (a repeat). */
  fresh: z.number().transform((n) => n > 0),
  /** True when another transaction holds the chat's lock (the locked path is at work on it). */
  busy: z.number().transform((n) => n > 0),
  session_id: z.string().nullable(),
  session_state: z.unknown(),
  session_version: z.number().nullable(),
  session_locale: z.string().nullable(),
  identity_id: z.string().nullable(),
  /** The identity's last_inbound_at is missing or older than a minute. */
  touch_due: z.boolean().nullable(),
  person_id: z.string().nullable(),
  person_name: z.string().nullable(),
  person_locale: z.string().nullable(),
  role: z.enum(['OFFICER', 'JUROR', 'MEMBER', 'ADMIN']).nullable(),
  region_code: z.string().nullable(),
  categories: z.array(z.string()).nullable(),
  seleksi_id: z.string().nullable(),
  seleksi_code: z.string().nullable(),
  seleksi_name: z.string().nullable(),
  phase: z.enum(['DRAFT', 'NOMINATION', 'SCORING', 'CLOSED', 'PUBLISHED']).nullable(),
  /** The person's submissions in this seleksi still waiting for the worker. */
  pending: z.number(),
  /** An officer's kabupaten's nominations; null for other roles. */
  nominations: json(z.array(nomineeRowSchema).nullable()),
});
export type ChatRow = z.infer<typeof chatRowSchema>;

/** A message to read the chat of. */
export interface ChatAsk {
  chatId: string;
  messageId: string;
}

/** The values of READ_CHATS for these asks (exported for the plan tests). */
export function readChatsValues(channel: ChannelName, asks: readonly ChatAsk[], at: Date): unknown[] {
  return [
    dbChannel(channel),
    asks.map((a) => a.chatId),
    asks.map((a) => a.messageId),
    at.toISOString(),
    asks.map((a) => chatLockKey(channel, a.chatId)),
  ];
}

/**
 * Reads the chats of these messages, in their order, without recording the message ids (`fresh`
 * says whether each is new). Writes nothing.
 */
export async function readChats(
  runner: StatementRunner,
  channel: ChannelName,
  asks: readonly ChatAsk[],
  at: Date,
): Promise<ChatRow[]> {
  const rows = await runner.run<{ ord: number }>(READ_CHATS, readChatsValues(channel, asks, at));
  const chats = new Array<ChatRow>(asks.length);
  for (const row of rows) chats[row.ord - 1] = chatRowSchema.parse(row);
  return chats;
}

/** One chat's writes for one message. */
export interface ChatWrite {
  /** The session row's id (a new one for a chat without a row). */
  id: string;
  chat_id: string;
  message_id: string;
  person_id: string | null;
  locale: string;
  state: unknown;
  /** The version written: the version read + 1 (the write expects `version - 1` stored). */
  version: number;
  /** Identity whose last_inbound_at is due, or null. */
  touch: string | null;
  /** The person's new locale after `set_locale`, or null. */
  relocalise: string | null;
  submissions: readonly PendingSubmission[];
}

/** A submission to store in the outbox with the session (columns of the submission row, and `phase`). */
export interface PendingSubmission {
  id: string;
  kind: string;
  seleksi_id: string;
  person_id: string;
  payload: unknown;
  /** The seleksi's phase the engine saw: the write fails if it moved since. */
  phase: string | null;
}

/**
 * Another writer was first: a session's version moved, a message id was already recorded, a chat's
 * lock was held elsewhere or a submission's seleksi changed phase. Nothing was written; the message
 * is handled again from a fresh read (retryTransient retries it: `retryable`).
 */
export class ChatConflictError extends Error {
  override name = 'ChatConflictError';
  readonly retryable = true;
}

/** True for WRITE_CHATS' refusal: it divides by zero unless everything could be written. */
function isRefusal(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { code?: unknown }; message?: unknown } | null;
  return (
    e?.code === '22012' || e?.meta?.code === '22012' || /division by zero/i.test(String(e?.message ?? ''))
  );
}

/**
 * Writes what the messages of these chats (one message per chat) changed, all or nothing (see
 * WRITE_CHATS). Throws {@link ChatConflictError} when another writer was first.
 */
export async function writeChats(
  runner: StatementRunner,
  channel: ChannelName,
  writes: readonly ChatWrite[],
  at: Date,
): Promise<void> {
  const input = writes.map((w) => ({ ...w, lock_key: chatLockKey(channel, w.chat_id) }));
  try {
    await runner.run(WRITE_CHATS, [
      dbChannel(channel),
      JSON.stringify(input),
      at.toISOString(),
      writes.length,
    ]);
  } catch (error) {
    if (isRefusal(error)) throw new ChatConflictError('chat written meanwhile', { cause: error });
    throw error;
  }
}

/** Waits for the chat's advisory lock; the runner's transaction holds it until it ends. */
export async function lockChat(runner: StatementRunner, channel: ChannelName, chatId: string): Promise<void> {
  await runner.run(LOCK_CHAT, [chatLockKey(channel, chatId)]);
}

/** Forgets (up to 10,000) message ids recorded before `before`: repeats older than that are new again. */
export async function pruneMessageIds(runner: StatementRunner, before: Date): Promise<void> {
  await runner.run(PRUNE_MESSAGE_IDS, [before.toISOString()]);
}
