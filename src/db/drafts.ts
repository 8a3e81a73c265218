import type { DbChannelName } from '../core/names.ts';
import type { Tx } from './client.ts';

/** A flow left unfinished in one of a person's chats (a conversation_session row). */
export interface StoredDraft {
  sessionId: string;
  channel: DbChannelName;
  /** The session's `state.active` (the engine's business). */
  active: Record<string, unknown>;
  version: number;
}

/**
 * The person's most recently touched unfinished flow in another chat than this one, locked for the
 * transaction (FOR UPDATE), or null.
 */
export async function findDraftElsewhere(
  tx: Tx,
  personId: string,
  here: { channel: DbChannelName; chatId: string },
): Promise<StoredDraft | null> {
  const rows = await tx.$queryRaw<StoredDraft[]>`
    SELECT id AS "sessionId", channel::text AS channel, state->'active' AS active, version
      FROM conversation_session
     WHERE person_id = ${personId}
       AND NOT (channel = ${here.channel}::"Channel" AND external_id = ${here.chatId})
       AND jsonb_typeof(state->'active') = 'object'
     ORDER BY updated_at DESC
     LIMIT 1
       FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * Ends the draft in its own chat (state.active = null, version + 1) if that session did not move
 * since it was read; false when it did.
 */
export async function endDraft(tx: Tx, draft: StoredDraft): Promise<boolean> {
  const updated = await tx.$executeRaw`
    UPDATE conversation_session
       SET state = jsonb_set(state, '{active}', 'null'::jsonb), version = version + 1, updated_at = now()
     WHERE id = ${draft.sessionId} AND version = ${draft.version}`;
  return updated === 1;
}
