import type { InboundMessage } from '../core/messages.ts';
import type { ChannelName } from '../core/names.ts';
import { ChatConflictError, dbChannel } from '../db/chat-store.ts';
import type { Tx } from '../db/client.ts';
import { endDraft, findDraftElsewhere, type StoredDraft } from '../db/drafts.ts';
import type { FlowContext } from '../flow-engine/api.ts';
import { builtinCommandOf } from '../flow-engine/vocabulary.ts';

/**
 * `lanjut`: one person, two channels. A flow begun in one chat (a nomination on Telegram) is taken
 * over by another chat of the same person (WhatsApp): the app reads the other chat's unfinished flow
 * for the engine (FlowContext.draftElsewhere), and when the engine takes it (`continue_draft`) ends it
 * there in the same transaction, so the draft lives in one chat at a time.
 */

/** True when the message is the `lanjut` command (it needs a transaction: see handle-inbound). */
export function isContinueCommand(message: InboundMessage): boolean {
  return message.content.type === 'text' && builtinCommandOf(message.content.text) === 'lanjut';
}

/** The person's draft in another chat, as the engine sees it, and the row to end. */
export async function loadDraftElsewhere(
  tx: Tx,
  personId: string | null,
  message: InboundMessage,
): Promise<{ view: FlowContext['draftElsewhere']; stored: StoredDraft | null }> {
  if (!personId) return { view: null, stored: null };
  const stored = await findDraftElsewhere(tx, personId, {
    channel: dbChannel(message.channel),
    chatId: message.chatId,
  });
  if (!stored) return { view: null, stored: null };
  const channel = stored.channel.toLowerCase() as ChannelName;
  return { view: { channel, active: stored.active }, stored };
}

/** Ends the taken draft in its chat; a chat that moved meanwhile makes the whole message retry. */
export async function endDraftElsewhere(tx: Tx, stored: StoredDraft | null): Promise<void> {
  if (stored && !(await endDraft(tx, stored))) throw new ChatConflictError('the draft moved meanwhile');
}
