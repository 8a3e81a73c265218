import { mkdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { downloadMediaMessage, type WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { InboundContent } from '../../core/messages.ts';
import type { WhatsappSocket } from './socket.ts';

/** Where and how to download photos and documents sent to the bot. */
export interface MediaDownloadOptions {
  mediaDir: string;
  logger: Logger;
  /** The socket that received the message (asked for a fresh URL when the old one expired). */
  socket: WhatsappSocket;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120);
}

/**
 * Downloads and decrypts a message's media (Baileys' downloadMediaMessage) into
 * `<mediaDir>/whatsapp/`, named after the message id so a repeat overwrites the same file. Throws on
 * failure; {@link attachLocalCopy} logs it and goes on without a copy.
 */
export async function downloadWhatsappMedia(
  options: MediaDownloadOptions,
  message: WAMessage,
  content: Extract<InboundContent, { type: 'media' }>,
): Promise<string> {
  const { socket, logger } = options;
  const bytes = await downloadMediaMessage(
    message,
    'buffer',
    {},
    {
      logger: logger as never,
      reuploadRequest: (m) =>
        socket.updateMediaMessage ? socket.updateMediaMessage(m) : Promise.reject(new Error('no reupload')),
    },
  );
  const dir = join(options.mediaDir, 'whatsapp');
  await mkdir(dir, { recursive: true });
  const extension =
    extname(content.fileName ?? '').slice(0, 10) || EXTENSIONS[content.mimeType ?? ''] || '.bin';
  const path = join(dir, `${safeName(message.key.id ?? content.fileRef)}${extension}`);
  await writeFile(path, bytes);
  return path;
}

/**
 * Media content: tries a download for up to `waitMs`; a failed or slow download is logged (the slow
 * one still finishes in the background) and never blocks the flow, which keeps the message key.
 */
export async function attachLocalCopy(
  options: MediaDownloadOptions,
  message: WAMessage | null,
  content: InboundContent,
  waitMs: number,
): Promise<InboundContent> {
  if (content.type !== 'media' || !message) return content;
  const download = downloadWhatsappMedia(options, message, content).catch((error: unknown) => {
    options.logger.warn(
      { err: error, kind: content.kind },
      'media download failed; keeping the message key only',
    );
    return undefined;
  });
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs).unref());
  const localPath = await Promise.race([download, timeout]);
  return localPath ? { ...content, localPath } : content;
}
