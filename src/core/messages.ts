/**
 * Channel-neutral messages. Every channel converts its platform's updates into InboundMessage at
 * its edge (to-inbound.ts) and renders OutboundMessage (render.ts); nothing past the edge sees
 * grammY or Baileys types.
 */

import type { ChannelName } from './names.ts';

export type { ChannelName } from './names.ts';

/** Where a message goes: one chat on one channel. */
export interface ChatAddress {
  channel: ChannelName;
  /** Telegram chat id, WhatsApp JID, console user name. */
  chatId: string;
}

export type MediaKind = 'photo' | 'document' | 'video' | 'audio' | 'voice';

/** What a user sent, as the flows understand it. */
export type InboundContent =
  | { type: 'text'; text: string }
  /** A pressed button. `token` identifies the question it belonged to (stale-button check). */
  | { type: 'choice'; value: string; token?: string }
  | {
      type: 'media';
      kind: MediaKind;
      /** Platform reference to fetch it again (Telegram file_id, WhatsApp message key). */
      fileRef: string;
      mimeType?: string;
      fileName?: string;
      caption?: string;
      /** Where the channel saved a copy, when it downloaded one. */
      localPath?: string;
    }
  | { type: 'sticker' }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'contact'; phone: string; name?: string }
  /** Anything else (polls, reactions, …): `what` names it for logs. */
  | { type: 'unsupported'; what: string };

export interface InboundMessage extends ChatAddress {
  /** Unique per channel (Telegram update_id, WhatsApp message id): used to drop retries. */
  messageId: string;
  receivedAt: Date;
  /** Display name the platform gave, if any. */
  senderName?: string;
  /** The sender's mobile number in E.164 (+62…), when the platform tells it (WhatsApp: the JID). */
  senderPhone?: string;
  content: InboundContent;
}

export interface Choice {
  /** Stable value sent back when chosen. */
  value: string;
  /** What the user sees (already in the user's language). */
  label: string;
}

/** A message to show. Choices become buttons on Telegram and numbered options elsewhere. */
export interface OutboundMessage {
  text: string;
  choices?: Choice[];
  /** Several choices may be picked (select many). */
  multiple?: boolean;
  /** Identifies the question the choices belong to; echoed back in InboundContent.token. */
  token?: string;
  /**
   * A picture sent with the text as its caption where the channel shows images (Telegram, WhatsApp);
   * channels without images send the text alone.
   */
  image?: OutboundImage;
  /**
   * Files to send after the text (a dossier's photos and documents): Telegram sends each (from the
   * saved copy, else by its file_id); channels that cannot send them list where they are.
   */
  files?: OutboundFile[];
}

/** A file a user sent earlier, to show again. */
export interface OutboundFile {
  kind: 'photo' | 'document';
  /** The platform's reference to it (a Telegram file_id for files sent on Telegram). */
  fileRef: string;
  /** The copy saved under MEDIA_DIR, when there is one. */
  localPath?: string;
  fileName?: string;
  caption?: string;
}

/** An image of an outbound message. */
export interface OutboundImage {
  /** The file's bytes. */
  data: Uint8Array;
  mimeType: 'image/png';
  fileName: string;
  /**
   * Identifies the image across messages (e.g. a broadcast message's id and language), so a channel
   * can upload it once and send the platform's reference afterwards.
   */
  cacheKey?: string;
}
