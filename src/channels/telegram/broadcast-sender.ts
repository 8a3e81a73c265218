import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { BroadcastSender, DeliveryFailure } from '../../core/delivery.ts';
import { DeliveryError } from '../../core/delivery.ts';
import type { OutboundMessage } from '../../core/messages.ts';
import { leanFetch } from './lean-fetch.ts';
import { Lru } from './lru.ts';
import { splitText } from './render.ts';

/** Options of {@link createTelegramBroadcastSender}. */
export interface TelegramBroadcastSenderOptions {
  token: string;
  apiRoot: string;
  /** Connections to the Bot API at once. @defaultValue 32 */
  maxSockets?: number;
}

/**
 * What a failed Bot API call means for a broadcast: 429 (with `retry_after`) → pause the channel;
 * 403 → the person blocked the bot; other 4xx (chat not found, bad request) → refused for good;
 * 5xx and network errors → transient.
 */
export function classifyTelegramError(error: unknown): DeliveryFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return { kind: 'rate_limited', retryAfterMs: Math.max(1, seconds) * 1000, reason };
    }
    if (error.error_code === 403) return { kind: 'blocked', reason };
    if (error.error_code >= 400 && error.error_code < 500) return { kind: 'refused', reason };
    return { kind: 'transient', reason };
  }
  if (error instanceof HttpError) return { kind: 'transient', reason: error.message };
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}

/**
 * The Telegram send path of broadcasts: its own grammY Api with no retry transformers (the
 * broadcast paces, retries and gives up per delivery itself), one sendMessage or sendPhoto per
 * message. An image is uploaded once per process and cacheKey; later sends use its file_id.
 */
export function createTelegramBroadcastSender(options: TelegramBroadcastSenderOptions): BroadcastSender {
  // A bounded pool of kept-alive connections: a broadcast has hundreds of sends waiting at once, and
  // a connection per send (opened and closed) costs more CPU than the send.
  const pool = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
  const agent = options.apiRoot.startsWith('https:') ? new HttpsAgent(pool) : new HttpAgent(pool);
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    fetch: leanFetch as never,
    baseFetchConfig: { agent },
  });
  const fileIds = new Lru<string, string>(1_000);
  const uploads = new Map<string, Promise<string | undefined>>();

  async function send(chatId: string, message: OutboundMessage): Promise<void> {
    const image = message.image;
    if (!image) {
      // Broadcast texts are composed to fit; a longer one would take several calls and break the pace.
      await api.sendMessage(chatId, splitText(message.text)[0]!);
      return;
    }
    const key = image.cacheKey;
    const caption = message.text.slice(0, 1024);
    const other = caption ? { caption } : {};
    // While the first upload of an image is on its way, other sends of it wait and reuse its file_id
    // (checked and registered without an await in between, so two sends never both upload).
    const pending = key && !fileIds.has(key) ? uploads.get(key) : undefined;
    const known = key ? (fileIds.get(key) ?? (pending ? await pending : undefined)) : undefined;
    if (known) {
      await api.sendPhoto(chatId, known, other);
      return;
    }
    if (key && uploads.has(key)) return send(chatId, message); // another upload began meanwhile
    const upload = api.sendPhoto(chatId, new InputFile(Buffer.from(image.data), image.fileName), other);
    if (!key) {
      await upload;
      return;
    }
    const fileId = upload.then(
      (sent) => sent.photo?.at(-1)?.file_id,
      () => undefined,
    );
    uploads.set(key, fileId);
    try {
      await upload;
      const id = await fileId;
      if (id) fileIds.set(key, id);
    } finally {
      uploads.delete(key);
    }
  }

  return {
    channel: 'telegram',
    images: true,
    async deliver(chatId, message) {
      try {
        await send(chatId, message);
      } catch (error) {
        throw new DeliveryError(classifyTelegramError(error));
      }
    },
  };
}
