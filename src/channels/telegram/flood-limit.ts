import { limit } from '@grammyjs/ratelimiter';
import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from 'pino';
import { t } from '../../app/texts.ts';
import { chatKey } from './to-inbound.ts';

/** The language to answer a chat in before the app knows the person (Telegram's client language). */
export function clientLocale(ctx: Context): 'id' | 'en' {
  return ctx.from?.language_code?.startsWith('en') ? 'en' : 'id';
}

/**
 * Per-chat flood limit (@grammyjs/ratelimiter, counted per chat, in memory): a chat sending more
 * than `limit` updates within `timeFrameMs` has the excess dropped and is told once per window to
 * slow down. Other chats are not affected.
 */
export function floodLimit(options: {
  limit: number;
  timeFrameMs: number;
  logger: Logger;
}): MiddlewareFn<Context> {
  return limit({
    timeFrame: options.timeFrameMs,
    limit: options.limit,
    keyGenerator: (ctx: Context) => chatKey(ctx.update),
    onLimitExceeded: async (ctx: Context) => {
      const chat = chatKey(ctx.update);
      options.logger.warn({ chat }, 'flood limit reached; dropping updates of this chat');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      if (chat) await ctx.api.sendMessage(chat, t('channel.flood', clientLocale(ctx))).catch(() => undefined);
    },
  }) as MiddlewareFn<Context>;
}
