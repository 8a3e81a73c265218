import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ChannelName } from '../core/messages.ts';
import type { Tx } from '../db/client.ts';
import { isVersionConflict, type PendingSubmission, SAVE_CHAT, type Sql } from '../db/inbound-sql.ts';

export type { PendingSubmission };

import type { FlowEngine, Locale, SessionState } from '../flow-engine/api.ts';

/**
 * Conversation sessions in Postgres (conversation_session): one row per chat, its state parsed
 * through zod on every read and written back with an optimistic version check. Callers hold the
 * chat's advisory lock, so the check only fires when something bypassed the lock.
 */

/** The stored shape of SessionState; `active` is the engine's business and stays opaque here. */
export const sessionStateSchema = z.object({
  schemaVersion: z.literal(1),
  locale: z.enum(['id', 'en']),
  active: z.record(z.string(), z.unknown()).nullable(),
});

/** The Prisma `Channel` enum value of a channel name. */
export function dbChannel(channel: ChannelName): 'TELEGRAM' | 'WHATSAPP' | 'CONSOLE' {
  return channel.toUpperCase() as 'TELEGRAM' | 'WHATSAPP' | 'CONSOLE';
}

/** A session as read for one message. */
export interface LoadedSession {
  /** Null when the chat has no row yet. */
  id: string | null;
  /** The version read (0 for a new chat); the save expects it unchanged. */
  version: number;
  state: SessionState;
  /** True when a stored state could not be read and was replaced by a fresh one. */
  reset: boolean;
}

/** Another writer saved the session first; the caller retries the whole message. */
export class SessionConflictError extends Error {
  override name = 'SessionConflictError';
  /** Seen by retryTransient: the whole message is handled again. */
  readonly retryable = true;
}

/** The stored columns of a session row that reading needs. */
export interface SessionRow {
  id: string;
  state: unknown;
  version: number;
  locale: string;
}

/**
 * Turns a stored row (or none) into the session for this message. A missing row gives a fresh
 * state in `defaultLocale`; a row whose state no longer parses (older schema, corrupted) gives a
 * fresh state in the row's locale and `reset: true`, so the app can tell the user instead of
 * failing on every message.
 */
export function sessionFromRow(
  engine: FlowEngine,
  row: SessionRow | null,
  defaultLocale: Locale,
): LoadedSession {
  if (!row) return { id: null, version: 0, state: engine.initialState(defaultLocale), reset: false };
  const parsed = sessionStateSchema.safeParse(row.state);
  if (parsed.success) {
    return { id: row.id, version: row.version, state: parsed.data as SessionState, reset: false };
  }
  const locale: Locale = row.locale === 'en' ? 'en' : 'id';
  return { id: row.id, version: row.version, state: engine.initialState(locale), reset: true };
}

/** Reads the chat's session (see {@link sessionFromRow}). */
export async function loadSession(
  tx: Tx,
  engine: FlowEngine,
  address: { channel: ChannelName; chatId: string },
  defaultLocale: Locale,
): Promise<LoadedSession> {
  const row = await tx.conversationSession.findUnique({
    where: { channel_externalId: { channel: dbChannel(address.channel), externalId: address.chatId } },
    select: { id: true, state: true, version: true, locale: true },
  });
  return sessionFromRow(engine, row, defaultLocale);
}

/**
 * Writes the new state with version + 1, only if the stored version is still the one read.
 * Throws SessionConflictError otherwise (the transaction then rolls back and is retried).
 * Plain SQL: this runs for every message.
 */
export async function saveSession(
  tx: Tx,
  address: { channel: ChannelName; chatId: string },
  loaded: LoadedSession,
  next: { state: SessionState; personId: string | null },
): Promise<number> {
  const state = JSON.stringify(sessionStateSchema.parse(next.state));
  const locale = next.state.locale;
  const version = loaded.version + 1;
  if (loaded.id === null) {
    const created = await tx.$executeRaw`
      INSERT INTO conversation_session (id, channel, external_id, person_id, locale, state, version, updated_at)
      VALUES (${randomUUID()}, ${dbChannel(address.channel)}::"Channel", ${address.chatId}, ${next.personId},
              ${locale}, ${state}::jsonb, ${version}, now())
      ON CONFLICT (channel, external_id) DO NOTHING`;
    if (created !== 1) throw new SessionConflictError('session created concurrently');
    return version;
  }
  const updated = await tx.$executeRaw`
    UPDATE conversation_session
       SET state = ${state}::jsonb, version = ${version}, locale = ${locale}, person_id = ${next.personId},
           updated_at = now()
     WHERE id = ${loaded.id} AND version = ${loaded.version}`;
  if (updated !== 1) throw new SessionConflictError('session changed concurrently');
  return version;
}

/**
 * Writes everything one message changed in one statement (see SAVE_CHAT): the session with
 * version + 1 only if the stored version is still the one read, the submissions, the identity's
 * last_inbound_at and the person's locale. Throws SessionConflictError when the version moved
 * (the caller's transaction then rolls back, submissions included, and the message is retried).
 */
export async function saveChat(
  sql: Sql,
  address: { channel: ChannelName; chatId: string },
  loaded: LoadedSession,
  next: {
    state: SessionState;
    personId: string | null;
    submissions: readonly PendingSubmission[];
    /** Identity whose last_inbound_at is due, or null. */
    touch: string | null;
    /** The person's new locale after `set_locale`, or null. */
    relocalise: Locale | null;
    at: Date;
  },
): Promise<number> {
  const version = loaded.version + 1;
  const values = [
    loaded.id ?? randomUUID(),
    dbChannel(address.channel),
    address.chatId,
    next.personId,
    next.state.locale,
    JSON.stringify(sessionStateSchema.parse(next.state)),
    version,
    loaded.version,
    JSON.stringify(next.submissions),
    next.touch,
    next.at.toISOString(),
    next.relocalise ? next.personId : null,
    next.relocalise,
  ];
  try {
    await sql.query(SAVE_CHAT, values, true);
  } catch (error) {
    if (isVersionConflict(error)) throw new SessionConflictError('session changed concurrently');
    throw error;
  }
  return version;
}
