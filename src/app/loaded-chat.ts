import type { InboundMessage } from '../core/messages.ts';
import { type ChatRow, LOAD_CHAT, type Sql } from '../db/inbound-sql.ts';
import type { Identity, NomineeRow } from './context.ts';
import { dbChannel, type SessionRow } from './sessions.ts';

/**
 * What is stored about a chat, as one message sees it: whether the message is new, who is writing
 * (person, current membership, pending submissions, nominations) and the conversation session.
 * Read by LOAD_CHAT (locked path) or LOAD_CHATS (batched path) and turned into a LoadedChat here.
 */

/** A chat as read for one message. */
export interface LoadedChat {
  /** False when the message id was already handled (a repeat). */
  fresh: boolean;
  identity: Identity | null;
  session: SessionRow | null;
  /** The identity whose last_inbound_at is due (see chatFromRow), or null. */
  touch: string | null;
}

/** Records the message id (`fresh` false for a repeat) and loads the chat (see LOAD_CHAT). */
export async function loadChat(sql: Sql, message: InboundMessage, at: Date): Promise<LoadedChat> {
  const rows = await sql.query<ChatRow>(LOAD_CHAT, [
    dbChannel(message.channel),
    message.chatId,
    message.messageId,
    at.toISOString(),
  ]);
  return chatFromRow(rows[0]!);
}

/**
 * The chat of a LOAD_CHAT / LOAD_CHATS row. Notes in `touch` whether the identity's
 * last_inbound_at is due: WhatsApp prefers people who wrote recently, and once a minute is precise
 * enough and saves writes.
 */
export function chatFromRow(row: ChatRow): LoadedChat {
  const fresh = row.fresh > 0;
  const session: SessionRow | null =
    row.session_id !== null
      ? {
          id: row.session_id,
          state: row.session_state,
          version: row.session_version ?? 0,
          locale: row.session_locale ?? 'id',
        }
      : null;
  if (row.identity_id === null || row.person_id === null)
    return { fresh, identity: null, session, touch: null };
  const identity: Identity = {
    person: { id: row.person_id, name: row.person_name ?? '', locale: row.person_locale ?? 'id' },
    membership:
      row.role && row.seleksi_id && row.phase
        ? {
            role: row.role,
            regionCode: row.region_code,
            categories: row.categories ?? [],
            seleksi: {
              id: row.seleksi_id,
              code: row.seleksi_code!,
              name: row.seleksi_name!,
              phase: row.phase,
            },
          }
        : null,
    pendingSubmissions: row.pending,
    nominations: parseNominations(row.nominations),
  };
  return { fresh, identity, session, touch: row.touch_due ? row.identity_id : null };
}

/** The aggregated nominations column (json; some drivers hand json over as text). */
function parseNominations(value: unknown): NomineeRow[] | null {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed as NomineeRow[]) : null;
}
