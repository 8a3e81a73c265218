import { mkdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import type { InboundContent } from '../../core/messages.ts';

/** Where and how to download files sent to the bot. */
export interface MediaDownloadOptions {
  api: Api;
  token: string;
  apiRoot: string;
  mediaDir: string;
  /** @defaultValue 20000 */
  timeoutMs?: number;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
}

/**
 * Downloads a file (getFile + the Bot API file URL) into `<mediaDir>/telegram/`. The file name is
 * derived from the file id, so a repeated download overwrites the same file. Throws on failure; the
 * adapter logs and carries on without a local copy (the file_id is kept either way).
 */
export async function downloadTelegramFile(
  options: MediaDownloadOptions,
  fileId: string,
  fileName?: string,
): Promise<string> {
  const file = await options.api.getFile(fileId);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  const root = options.apiRoot.replace(/\/+$/, '');
  const response = await fetch(`${root}/file/bot${options.token}/${file.file_path}`, {
    signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
  });
  if (!response.ok) throw new Error(`file download failed with HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const dir = join(options.mediaDir, 'telegram');
  await mkdir(dir, { recursive: true });
  const extension = extname(fileName ?? file.file_path).slice(0, 10) || '.bin';
  const path = join(dir, `${safeName(file.file_unique_id || fileId)}${extension}`);
  await writeFile(path, bytes);
  return path;
}

/**
 * Media content: keeps the file_id and tries a download for up to `waitMs`; a failed or slow download
 * is logged (the slow one still finishes in the background) and never blocks the flow.
 */
export async function attachLocalCopy(
  options: MediaDownloadOptions,
  content: InboundContent,
  waitMs: number,
  logger: Logger,
): Promise<InboundContent> {
  if (content.type !== 'media') return content;
  const download = downloadTelegramFile(options, content.fileRef, content.fileName).catch(
    (error: unknown) => {
      logger.warn({ err: error, kind: content.kind }, 'media download failed; keeping the file_id only');
      return undefined;
    },
  );
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs).unref());
  const localPath = await Promise.race([download, timeout]);
  return localPath ? { ...content, localPath } : content;
}
