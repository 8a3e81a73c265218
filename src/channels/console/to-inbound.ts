import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { InboundContent, InboundMessage } from '../core/messages.ts';

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * Turns one typed line into what the flows understand. Plain lines are text (numbers pick
 * options, as on WhatsApp). A terminal cannot attach files, so a few slash words stand in:
 * `/foto PATH [caption]`, `/dokumen PATH [caption]` (also `/photo`, `/document`) and `/stiker`.
 */
export function consoleContent(line: string): InboundContent {
  const media = /^\/(foto|photo|dokumen|document)\s+(\S+)(?:\s+(.+))?$/i.exec(line.trim());
  if (media) {
    const kind = /^(foto|photo)$/i.test(media[1]!) ? 'photo' : 'document';
    const path = resolve(media[2]!);
    const mimeType = MIME[extname(path).toLowerCase()];
    return {
      type: 'media',
      kind,
      fileRef: `console:${path}`,
      fileName: basename(path),
      ...(mimeType ? { mimeType } : {}),
      ...(media[3] ? { caption: media[3] } : {}),
      ...(existsSync(path) ? { localPath: path } : {}),
    };
  }
  if (/^\/(stiker|sticker)$/i.test(line.trim())) return { type: 'sticker' };
  return { type: 'text', text: line };
}

/** The InboundMessage of a typed line from the console user `user`. */
export function consoleInbound(user: string, line: string, now = new Date()): InboundMessage {
  return {
    channel: 'console',
    chatId: user,
    // Unique across runs: the processed_inbound table would drop a repeated id.
    messageId: randomUUID(),
    receivedAt: now,
    senderName: user,
    content: consoleContent(line),
  };
}
