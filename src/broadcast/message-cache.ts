import type { OutboundMessage } from '../core/messages.ts';
import { loadMessage, type StoredMessage } from '../db/broadcast-sql.ts';
import type { PrismaClient } from '../db/client.ts';

/** The broadcast messages a worker sends, read once from Postgres and kept in memory. */
export interface MessageCache {
  /** The message in the recipient's language; with its image when the channel sends images. */
  get(messageId: string, locale: string, images: boolean): Promise<OutboundMessage>;
}

/**
 * Creates a message cache. A broadcast has a handful of ranking messages and one personal message
 * per nominee; at most `capacity` are kept (least recently used go first).
 */
export function createMessageCache(prisma: PrismaClient, capacity = 5_000): MessageCache {
  const cache = new Map<string, Promise<Record<'id' | 'en', StoredMessage>>>();
  return {
    async get(messageId, locale, images) {
      let entry = cache.get(messageId);
      if (entry) {
        cache.delete(messageId);
      } else {
        entry = loadMessage(prisma, messageId);
        entry.catch(() => cache.delete(messageId));
      }
      cache.set(messageId, entry);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      const lang = locale === 'en' ? 'en' : 'id';
      const stored = (await entry)[lang];
      if (!images || !stored.image) return { text: stored.text };
      return {
        text: stored.text,
        image: {
          data: stored.image,
          mimeType: 'image/png',
          fileName: 'peringkat.png',
          cacheKey: `${messageId}:${lang}`,
        },
      };
    },
  };
}
