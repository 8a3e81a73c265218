import type { Redis } from 'ioredis';
import type { ChannelName, OutboundMessage } from '../core/messages.ts';
import type { ChannelAdapter, Notifier } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import { sendToConsoleChat } from './console/relay.ts';

/**
 * Routes worker confirmations and broadcasts to the adapter of each chat's channel in this
 * process; a console chat's go through Redis to the `seleksi chat` process that holds it
 * (console/relay.ts), so they never print in another terminal.
 */
export function createNotifier(
  adapters: Map<ChannelName, ChannelAdapter>,
  logger: Logger,
  consoleRelay: { redis: Redis; prefix: string },
): Notifier {
  return {
    async send(to: { channel: ChannelName; chatId: string }, messages: OutboundMessage[]): Promise<void> {
      if (to.channel === 'console') {
        return sendToConsoleChat(consoleRelay.redis, consoleRelay.prefix, to.chatId, messages);
      }
      const adapter = adapters.get(to.channel);
      if (!adapter) {
        // Throwing makes the job retry; another process may own this channel.
        throw new Error(`no ${to.channel} channel in this process`);
      }
      for (const message of messages) await adapter.send(to.chatId, message);
      logger.debug({ channel: to.channel }, 'notified');
    },
  };
}
