import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../core/messages.ts';
import type { ChatRow, ChatWrite, PendingSubmission } from '../db/chat-store.ts';
import type { FlowEngine, Locale, SessionState } from '../flow-engine/api.ts';
import { sessionStateSchema } from '../flow-engine/state-schema.ts';
import type { Identity } from './context.ts';

/**
 * A chat as one message sees it — whether the message is new, who is writing (person, current
 * membership, pending submissions, nominations) and the conversation session — made from the chat
 * store's row (src/db/chat-store.ts), and the store's write made from what the message changed.
 */

/** A session as read for one message. */
export interface LoadedSession {
  /** Null when the chat has no row yet. */
  id: string | null;
  /** The version read (0 for a new chat); the write expects it unchanged. */
  version: number;
  state: SessionState;
  /** True when a stored state could not be read and was replaced by a fresh one. */
  reset: boolean;
}

/** A chat as read for one message. */
export interface LoadedChat {
  /** False when the message id was already handled (a repeat). */
  fresh: boolean;
  identity: Identity | null;
  session: LoadedSession;
  /** The identity whose last_inbound_at is due (see chatFromRow), or null. */
  touch: string | null;
}

/**
 * The chat of a store row. Notes in `touch` whether the identity's last_inbound_at is due: WhatsApp
 * prefers people who wrote recently, and once a minute is precise enough and saves writes.
 */
export function chatFromRow(engine: FlowEngine, row: ChatRow): LoadedChat {
  const identity = identityFromRow(row);
  const session = sessionFromRow(engine, row, identity?.person.locale === 'en' ? 'en' : 'id');
  const touch = identity && row.touch_due ? row.identity_id : null;
  return { fresh: row.fresh, identity, session, touch };
}

/** Who is writing, or null for a chat no person is bound to. */
function identityFromRow(row: ChatRow): Identity | null {
  if (row.identity_id === null || row.person_id === null) return null;
  return {
    person: { id: row.person_id, name: row.person_name ?? '', locale: row.person_locale ?? 'id' },
    membership:
      row.role && row.seleksi_id && row.phase
        ? {
            role: row.role,
            regionCode: row.region_code,
            categories: row.categories ?? [],
            seleksi: {
              id: row.seleksi_id,
              code: row.seleksi_code ?? '',
              name: row.seleksi_name ?? '',
              phase: row.phase,
            },
          }
        : null,
    pendingSubmissions: row.pending,
    nominations: row.nominations,
  };
}

/**
 * The session for this message. A chat without a row gets a fresh state in `defaultLocale`; a
 * stored state that no longer parses (older schema, corrupted) gives a fresh state in the row's
 * locale and `reset: true`, so the app can tell the user instead of failing on every message.
 */
function sessionFromRow(engine: FlowEngine, row: ChatRow, defaultLocale: Locale): LoadedSession {
  if (row.session_id === null) {
    return { id: null, version: 0, state: engine.initialState(defaultLocale), reset: false };
  }
  const version = row.session_version ?? 0;
  const parsed = sessionStateSchema.safeParse(row.session_state);
  if (parsed.success) return { id: row.session_id, version, state: parsed.data, reset: false };
  const locale: Locale = row.session_locale === 'en' ? 'en' : 'id';
  return { id: row.session_id, version, state: engine.initialState(locale), reset: true };
}

/** What a message changes in its chat (see message-plan.ts). */
export interface ChatChange {
  session: LoadedSession;
  state: SessionState;
  personId: string | null;
  submissions: PendingSubmission[];
  /** The person's new locale after `set_locale` (only for a registered person), or null. */
  relocalise: Locale | null;
}

/** The chat store's write of a change: the session with version + 1, and what goes with it. */
export function chatWrite(message: InboundMessage, chat: LoadedChat, change: ChatChange): ChatWrite {
  return {
    id: change.session.id ?? randomUUID(),
    chat_id: message.chatId,
    message_id: message.messageId,
    person_id: change.personId,
    locale: change.state.locale,
    state: sessionStateSchema.parse(change.state),
    version: change.session.version + 1,
    touch: chat.touch,
    relocalise: change.relocalise,
    submissions: change.submissions,
  };
}
