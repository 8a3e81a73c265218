import {
  getContentType,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  jidDecode,
  normalizeMessageContent,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { InboundContent, InboundMessage } from '../../core/messages.ts';
import { cleanInbound } from '../core/clean-text.ts';

/** A WhatsApp message converted for the app, plus a short type name for metrics and logs. */
export interface ConvertedMessage {
  inbound: InboundMessage;
  /** text, photo, document, video, audio, voice, sticker, location, contact, other. */
  kind: string;
  /** The message as Baileys gave it (its key; its media keys for a download). */
  original: WAMessage;
  /** A photo or document: worth downloading. */
  downloadable: boolean;
}

/** Why a message is not for the flows. */
export type SkipReason =
  | 'no-chat'
  | 'group'
  | 'broadcast'
  | 'own'
  | 'no-content'
  | 'reaction'
  | 'protocol'
  | 'old';

/** Options of {@link toInbound}. */
export interface ToInboundOptions {
  now: Date;
  /**
   * A message older than this is not answered (it was there before the connection opened: history
   * sync, or a long outage). @defaultValue 10 minutes
   */
  maxAgeMs?: number;
}

/** Content kinds that are never a person talking to the bot. */
const PROTOCOL_KINDS = new Set([
  'protocolMessage',
  'senderKeyDistributionMessage',
  'messageContextInfo',
  'pollUpdateMessage',
  'keepInChatMessage',
  'encReactionMessage',
]);

/** Default of {@link ToInboundOptions.maxAgeMs}. */
export const DEFAULT_MAX_AGE_MS = 10 * 60_000;

/** `6281234567890@s.whatsapp.net` (or with a device, `…:12@…`) → `+6281234567890`; else undefined. */
export function phoneOfJid(jid: string): string | undefined {
  const decoded = jidDecode(jid);
  if (decoded?.server !== 's.whatsapp.net' || !/^\d{6,15}$/.test(decoded.user)) return undefined;
  return `+${decoded.user}`;
}

/** `+62 812-3456-7890`, `0812…`, `62812…` → the chat JID `62812…@s.whatsapp.net`. */
export function jidOfPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  return `${digits}@s.whatsapp.net`;
}

function seconds(value: WAMessage['messageTimestamp']): number | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'number' ? value : Number(value.toString());
}

/** `waid=6281…` inside a vCard → `+6281…`. */
function phoneOfVcard(vcard: string | null | undefined): string | undefined {
  const match = /waid=(\d+)/.exec(vcard ?? '') ?? /TEL[^:]*:([+\d\s-]+)/.exec(vcard ?? '');
  return match ? match[1]!.replace(/[\s-]/g, '') : undefined;
}

/** The flows' view of one content kind (after unwrapping ephemeral / view-once wrappers). */
function contentOf(
  type: string,
  m: proto.IMessage,
  fileRef: string,
): { content: InboundContent; kind: string; media: boolean } {
  const caption = (value: string | null | undefined) => (value ? { caption: value } : {});
  const mime = (value: string | null | undefined) => (value ? { mimeType: value } : {});
  switch (type) {
    case 'conversation':
      return { content: { type: 'text', text: m.conversation ?? '' }, kind: 'text', media: false };
    case 'extendedTextMessage':
      // Also a quoted reply: the text typed is the answer, whatever it quotes.
      return {
        content: { type: 'text', text: m.extendedTextMessage?.text ?? '' },
        kind: 'text',
        media: false,
      };
    case 'imageMessage': {
      const i = m.imageMessage!;
      const content = { type: 'media', kind: 'photo', fileRef, ...mime(i.mimetype), ...caption(i.caption) };
      return { content: content as InboundContent, kind: 'photo', media: true };
    }
    case 'documentMessage': {
      const d = m.documentMessage!;
      const content = {
        type: 'media',
        kind: 'document',
        fileRef,
        ...mime(d.mimetype),
        ...(d.fileName ? { fileName: d.fileName } : {}),
        ...caption(d.caption),
      };
      return { content: content as InboundContent, kind: 'document', media: true };
    }
    case 'videoMessage': {
      const v = m.videoMessage!;
      const content = { type: 'media', kind: 'video', fileRef, ...mime(v.mimetype), ...caption(v.caption) };
      return { content: content as InboundContent, kind: 'video', media: false };
    }
    case 'audioMessage': {
      const kind = m.audioMessage?.ptt ? 'voice' : 'audio';
      return {
        content: { type: 'media', kind, fileRef, ...mime(m.audioMessage?.mimetype) },
        kind,
        media: false,
      };
    }
    case 'stickerMessage':
      return { content: { type: 'sticker' }, kind: 'sticker', media: false };
    case 'locationMessage': {
      const l = m.locationMessage!;
      return {
        content: { type: 'location', latitude: l.degreesLatitude ?? 0, longitude: l.degreesLongitude ?? 0 },
        kind: 'location',
        media: false,
      };
    }
    case 'contactMessage': {
      const c = m.contactMessage!;
      const phone = phoneOfVcard(c.vcard);
      if (!phone) break;
      return {
        content: { type: 'contact', phone, ...(c.displayName ? { name: c.displayName } : {}) },
        kind: 'contact',
        media: false,
      };
    }
  }
  return { content: { type: 'unsupported', what: type }, kind: 'other', media: false };
}

/**
 * Converts one message of a `messages.upsert` into an InboundMessage, or says why it is not for the
 * flows: groups, status and other broadcasts, the bot's own messages, reactions, protocol messages
 * (edits, deletes, key distribution) and messages older than `maxAgeMs` are skipped. The message id
 * is `<chat JID>/<key id>`, so a repeat (reconnect, history sync) is dropped by the app's
 * processed_inbound. Text goes through cleanInbound (Postgres-safe). Never throws.
 */
export function toInbound(message: WAMessage, options: ToInboundOptions): ConvertedMessage | SkipReason {
  const jid = message.key?.remoteJid;
  if (!jid || !message.key?.id) return 'no-chat';
  if (isJidGroup(jid)) return 'group';
  if (isJidBroadcast(jid) || isJidNewsletter(jid)) return 'broadcast';
  if (message.key.fromMe) return 'own';
  const content = normalizeMessageContent(message.message);
  const type = content ? getContentType(content) : undefined;
  if (!content || !type) return 'no-content';
  if (type === 'reactionMessage') return 'reaction';
  if (PROTOCOL_KINDS.has(type)) return 'protocol';
  const sentAt = seconds(message.messageTimestamp);
  const receivedAt = sentAt === undefined ? options.now : new Date(sentAt * 1000);
  if (options.now.getTime() - receivedAt.getTime() > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return 'old';

  const messageId = `${jid}/${message.key.id}`;
  const converted = contentOf(type, content, messageId);
  const phone = phoneOfJid(jid);
  return {
    inbound: cleanInbound({
      channel: 'whatsapp',
      chatId: jid,
      messageId,
      receivedAt,
      ...(message.pushName ? { senderName: message.pushName } : {}),
      ...(phone ? { senderPhone: phone } : {}),
      content: converted.content,
    }),
    kind: converted.kind,
    original: message,
    downloadable: converted.media,
  };
}
