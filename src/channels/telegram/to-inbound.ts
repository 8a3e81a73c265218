import type { CallbackQuery, Message, Update } from 'grammy/types';
import type { InboundContent, InboundMessage } from '../../core/messages.ts';
import { cleanInbound } from '../core/clean-text.ts';
import { decodeCallbackData } from './callback-data.ts';
import type { RememberedQuestion } from './choice-memory.ts';
import { labelFromButton } from './render.ts';

/** Looks up the question a pressed button belonged to (see ChoiceMemory). */
export type RecallQuestion = (chatId: string, key: string) => RememberedQuestion | undefined;

/** An update converted for the app, plus a short type name for metrics and logs. */
export interface ConvertedUpdate {
  inbound: InboundMessage;
  /** text, command, callback, photo, document, sticker, location, contact, other. */
  kind: string;
}

function senderName(from: { first_name: string; last_name?: string } | undefined): string | undefined {
  if (!from) return undefined;
  return [from.first_name, from.last_name].filter(Boolean).join(' ') || undefined;
}

/** `/nominasi@SeleksiBot arg` → `/nominasi arg`, so commands typed in groups read the same. */
function normaliseCommand(text: string, botUsername: string | undefined): string {
  const match = /^\/([A-Za-z0-9_]+)@([A-Za-z0-9_]+)(.*)$/s.exec(text);
  if (!match) return text;
  if (botUsername && match[2]!.toLowerCase() !== botUsername.toLowerCase()) return text;
  return `/${match[1]}${match[3]}`;
}

/** Converts a Telegram message's content. Never throws: unknown kinds become `unsupported`. */
export function messageContent(
  message: Message,
  botUsername?: string,
): { content: InboundContent; kind: string } {
  if (typeof message.text === 'string') {
    const text = normaliseCommand(message.text, botUsername);
    return { content: { type: 'text', text }, kind: text.startsWith('/') ? 'command' : 'text' };
  }
  const caption = message.caption;
  if (message.photo && message.photo.length > 0) {
    // Telegram sends several sizes; the last one is the largest.
    const largest = message.photo[message.photo.length - 1]!;
    return {
      content: { type: 'media', kind: 'photo', fileRef: largest.file_id, mimeType: 'image/jpeg', caption },
      kind: 'photo',
    };
  }
  if (message.document) {
    const d = message.document;
    return {
      content: {
        type: 'media',
        kind: 'document',
        fileRef: d.file_id,
        mimeType: d.mime_type,
        fileName: d.file_name,
        caption,
      },
      kind: 'document',
    };
  }
  if (message.video) {
    const v = message.video;
    return {
      content: { type: 'media', kind: 'video', fileRef: v.file_id, mimeType: v.mime_type, caption },
      kind: 'video',
    };
  }
  if (message.voice) {
    const v = message.voice;
    return {
      content: { type: 'media', kind: 'voice', fileRef: v.file_id, mimeType: v.mime_type },
      kind: 'voice',
    };
  }
  if (message.audio) {
    const a = message.audio;
    return {
      content: { type: 'media', kind: 'audio', fileRef: a.file_id, mimeType: a.mime_type, caption },
      kind: 'audio',
    };
  }
  if (message.sticker) return { content: { type: 'sticker' }, kind: 'sticker' };
  if (message.location) {
    const { latitude, longitude } = message.location;
    return { content: { type: 'location', latitude, longitude }, kind: 'location' };
  }
  if (message.contact) {
    const c = message.contact;
    const name = [c.first_name, c.last_name].filter(Boolean).join(' ') || undefined;
    return { content: { type: 'contact', phone: c.phone_number, name }, kind: 'contact' };
  }
  const what =
    ['poll', 'dice', 'animation', 'video_note', 'venue', 'game', 'story'].find(
      (key) => (message as unknown as Record<string, unknown>)[key] !== undefined,
    ) ?? 'unknown';
  return { content: { type: 'unsupported', what }, kind: 'other' };
}

/** Converts a button press into a choice, recovering the value from memory or the button label. */
export function callbackContent(
  query: CallbackQuery,
  chatId: string,
  recall: RecallQuestion,
): InboundContent {
  const payload = decodeCallbackData(query.data);
  if (!payload) return { type: 'unsupported', what: 'callback' };
  const remembered = recall(chatId, payload.key);
  const value = remembered?.values[payload.index];
  if (remembered && value !== undefined) return { type: 'choice', value, token: remembered.token };
  // Not in memory (e.g. the bot restarted): use the label the button showed. A token that was
  // hashed cannot be recovered, so the app sees a token that matches no question: a stale button.
  const markup = query.message && 'reply_markup' in query.message ? query.message.reply_markup : undefined;
  const button = markup?.inline_keyboard
    .flat()
    .find((b) => 'callback_data' in b && b.callback_data === query.data);
  const label = button ? labelFromButton(button.text) : String(payload.index + 1);
  return { type: 'choice', value: label, token: payload.key };
}

/**
 * Converts one Telegram update into an InboundMessage (messageId `u<update_id>`, so a repeated
 * update is dropped by the app's processed_inbound). Returns null for updates that are not a
 * person talking to the bot (edits, channel posts, membership changes…). Every string a user can
 * type goes through cleanInbound (no NUL, no lone surrogate: Postgres-safe).
 */
export function toInbound(
  update: Update,
  recall: RecallQuestion,
  botUsername?: string,
): ConvertedUpdate | null {
  const messageId = `u${update.update_id}`;
  if (update.message) {
    const m = update.message;
    const { content, kind } = messageContent(m, botUsername);
    return {
      inbound: cleanInbound({
        channel: 'telegram',
        chatId: String(m.chat.id),
        messageId,
        receivedAt: new Date(m.date * 1000),
        senderName: senderName(m.from),
        content,
      }),
      kind,
    };
  }
  if (update.callback_query) {
    const q = update.callback_query;
    const chatId = String(q.message?.chat.id ?? q.from.id);
    return {
      inbound: cleanInbound({
        channel: 'telegram',
        chatId,
        messageId,
        receivedAt: new Date(),
        senderName: senderName(q.from),
        content: callbackContent(q, chatId, recall),
      }),
      kind: 'callback',
    };
  }
  return null;
}

/** The chat an update belongs to, for per-chat ordering and flood limits. */
export function chatKey(update: Update): string | undefined {
  const chat = update.message?.chat ?? update.callback_query?.message?.chat ?? update.edited_message?.chat;
  if (chat) return String(chat.id);
  const from = update.callback_query?.from;
  return from ? String(from.id) : undefined;
}
