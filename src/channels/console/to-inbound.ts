import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import type { InboundContent, InboundMessage } from '../../core/messages.ts';
import { cleanInbound } from '../core/clean-text.ts';

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.txt': 'text/plain',
};

/** A typed line the console answers itself (a file command it cannot send), with the reason. */
export interface ConsoleRefusal {
  type: 'refused';
  text: string;
}

const USAGE = {
  photo:
    'Cara pakai: /foto PATH [keterangan], misalnya /foto ~/kegiatan.jpg Penyuluhan di Jaro. ' +
    '(Usage: /photo PATH [caption].)',
  document:
    'Cara pakai: /dokumen PATH [keterangan], misalnya /dokumen ~/surat.pdf. (Usage: /document PATH [caption].)',
};

/** `~/x` as the home folder's x, then an absolute path. */
function absolutePath(typed: string): string {
  return resolve(typed === '~' || typed.startsWith('~/') ? homedir() + typed.slice(1) : typed);
}

/** Why the file at `path` cannot be sent as `kind`, or null when it can. */
function fileProblem(path: string, kind: 'photo' | 'document'): string | null {
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(path);
  } catch {
    return `⚠️ Berkas tidak ditemukan: ${path} (file not found).`;
  }
  if (stat.isDirectory()) return `⚠️ ${path} adalah folder, bukan berkas. (A directory, not a file.)`;
  if (!stat.isFile()) return `⚠️ ${path} bukan berkas biasa. (Not a regular file.)`;
  if (kind === 'photo' && !(MIME[extname(path).toLowerCase()] ?? '').startsWith('image/')) {
    return `⚠️ ${basename(path)} bukan gambar (JPG/PNG/WEBP); untuk dokumen pakai /dokumen. (Not an image: use /document.)`;
  }
  return null;
}

/**
 * Turns one typed line into what the flows understand. Plain lines are text (numbers pick
 * options, as on WhatsApp). A terminal cannot attach files, so a few slash words stand in:
 * `/foto PATH [caption]`, `/dokumen PATH [caption]` (also `/photo`, `/document`) and `/stiker`.
 * A file command without a path, or naming a file that is missing, a folder, or (for `/foto`) not
 * an image, is answered here with the reason and never reaches the flow.
 */
export function consoleContent(line: string): InboundContent | ConsoleRefusal {
  const media = /^\/(foto|photo|dokumen|document)(?:\s+(\S+)(?:\s+(.+))?)?$/i.exec(line.trim());
  if (media) {
    const kind = /^(foto|photo)$/i.test(media[1]!) ? 'photo' : 'document';
    if (!media[2]) return { type: 'refused', text: `ℹ️ ${USAGE[kind]}` };
    const path = absolutePath(media[2]);
    const problem = fileProblem(path, kind);
    if (problem) return { type: 'refused', text: problem };
    const mimeType = MIME[extname(path).toLowerCase()];
    return {
      type: 'media',
      kind,
      fileRef: `console:${path}`,
      fileName: basename(path),
      ...(mimeType ? { mimeType } : {}),
      ...(media[3] ? { caption: media[3] } : {}),
      localPath: path,
    };
  }
  if (/^\/(stiker|sticker)$/i.test(line.trim())) return { type: 'sticker' };
  return { type: 'text', text: line };
}

/**
 * The InboundMessage of a typed line from the console user `user` (through cleanInbound:
 * Postgres-safe), or the console's own answer.
 */
export function consoleInbound(
  user: string,
  line: string,
  now = new Date(),
): InboundMessage | { refused: string } {
  const content = consoleContent(line);
  if (content.type === 'refused') return { refused: content.text };
  return cleanInbound({
    channel: 'console',
    chatId: user,
    // Unique across runs: the processed_inbound table would drop a repeated id.
    messageId: randomUUID(),
    receivedAt: now,
    senderName: user,
    content,
  });
}
