import type { Redis } from 'ioredis';
import type { OutboundMessage } from '../../core/messages.ts';
import type { Notifier } from '../../core/ports.ts';
import { createRedisConnection } from '../../queue/connection.ts';

/**
 * Messages to a console chat (the worker's confirmations, an admin's notices) go through Redis
 * pub/sub to the `seleksi chat` process that holds that chat, whichever process's worker wrote the
 * submission: a console chat lives in one terminal, and only that process subscribes to it. So
 * with `npm start` in one terminal and `seleksi chat` in another, each chat's confirmation appears
 * in its own terminal.
 */

/** The pub/sub channel of the console chat `chatId` (under the queue prefix, like every key). */
export function consoleChatChannel(prefix: string, chatId: string): string {
  return `${prefix}:console-chat:${chatId}`;
}

/** No `seleksi chat` process holds the chat now; the sender should try again later. */
export class ConsoleChatClosedError extends Error {
  override name = 'ConsoleChatClosedError';
}

/**
 * Sends messages to the console chat `chatId` in whichever process holds it. Throws
 * ConsoleChatClosedError when none does: the submission job then retries and the confirmation is
 * not recorded as delivered.
 */
export async function sendToConsoleChat(
  redis: Redis,
  prefix: string,
  chatId: string,
  messages: OutboundMessage[],
): Promise<void> {
  const receivers = await redis.publish(consoleChatChannel(prefix, chatId), JSON.stringify(messages));
  if (receivers === 0) {
    throw new ConsoleChatClosedError(`console chat ${chatId} is not open in any seleksi chat process`);
  }
}

/** A console chat's side of the relay (see {@link openConsoleRelay}). */
export interface ConsoleRelay {
  /** Sends to any console chat (a chat on another channel throws: this process has none). */
  notifier: Notifier;
  /** Resolves once every message published to this chat before the call has been delivered. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes this process to the console chat `chatId` (its messages go to `deliver`, in order)
 * and gives the Notifier this process's worker uses; resolves once subscribed.
 */
export async function openConsoleRelay(
  redisUrl: string,
  prefix: string,
  chatId: string,
  deliver: (message: OutboundMessage) => Promise<void>,
): Promise<ConsoleRelay> {
  const subscriber = createRedisConnection(redisUrl, { name: 'seleksi-chat-subscriber' });
  const publisher = createRedisConnection(redisUrl, { name: 'seleksi-chat' });
  // Both reconnect by themselves; a send while Redis is away throws and its job retries.
  subscriber.on('error', () => {});
  publisher.on('error', () => {});
  const channel = consoleChatChannel(prefix, chatId);
  let delivered = Promise.resolve();
  subscriber.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    let messages: OutboundMessage[];
    try {
      messages = JSON.parse(payload) as OutboundMessage[];
    } catch {
      return; // not a message list
    }
    delivered = delivered.then(async () => {
      for (const message of messages) await deliver(message).catch(() => {});
    });
  });
  await subscriber.subscribe(channel);
  return {
    notifier: {
      async send(to, messages) {
        if (to.channel !== 'console') throw new Error(`no ${to.channel} channel in this process`);
        await sendToConsoleChat(publisher, prefix, to.chatId, messages);
      },
    },
    // Redis answers on one connection in order, so the PING's reply comes after every message
    // published before it (ioredis emits those first).
    async sync() {
      await subscriber.ping();
      await delivered;
    },
    async close() {
      await Promise.all(
        [subscriber, publisher].map((r) =>
          r.quit().then(
            () => {},
            () => r.disconnect(),
          ),
        ),
      );
    },
  };
}
