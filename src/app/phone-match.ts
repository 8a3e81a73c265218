import type { InboundHandler } from '../core/ports.ts';
import { dbChannel } from '../db/chat-store.ts';
import type { PrismaClient } from '../db/client.ts';
import { bindChatByPhone } from '../db/phone-identity.ts';

/** Options of {@link withPhoneMatch}. */
export interface PhoneMatchOptions {
  prisma: PrismaClient;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** How many chats to remember as already matched in this process. @defaultValue 50000 */
  remember?: number;
}

/**
 * Wraps an InboundHandler so that a chat whose platform tells the sender's phone number (WhatsApp)
 * belongs to the person with that number — an imported member, someone registered before — from its
 * first message on, without an invite. Each chat is looked up once per process; the handler then
 * sees an ordinary registered chat.
 */
export function withPhoneMatch(handler: InboundHandler, options: PhoneMatchOptions): InboundHandler {
  const checked = new Set<string>();
  const limit = options.remember ?? 50_000;
  return {
    async handle(message) {
      const key = `${message.channel}:${message.chatId}`;
      if (message.senderPhone && !checked.has(key)) {
        try {
          const bound = await bindChatByPhone(options.prisma, {
            channel: dbChannel(message.channel),
            chatId: message.chatId,
            phone: message.senderPhone,
          });
          if (bound)
            options.logger?.info({ channel: message.channel }, 'chat matched to a person by phone number');
          checked.add(key);
          if (checked.size > limit) checked.delete(checked.values().next().value!);
        } catch (error) {
          // The message is still handled (as an unknown chat); the match is tried again next time.
          options.logger?.warn({ err: error }, 'matching a chat by phone number failed');
        }
      }
      return handler.handle(message);
    },
  };
}
