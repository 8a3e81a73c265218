import { sequentialize } from '@grammyjs/runner';
import type { Bot, Context } from 'grammy';
import { t } from '../../app/texts.ts';
import type { InboundMessage, OutboundMessage } from '../../core/messages.ts';
import type { ChannelMetrics, InboundHandler } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import { decodeCallbackData } from './callback-data.ts';
import { clientLocale, floodLimit } from './flood-limit.ts';
import type { Lru } from './lru.ts';
import { attachLocalCopy, type MediaDownloadOptions } from './media.ts';
import { isPermanent, type SendDeps, sendRendered } from './send.ts';
import { chatKey, toInbound } from './to-inbound.ts';
import { updateShapeProblem } from './update-shape.ts';

/** What the update pipeline needs; `handler()` is the app's handler once the adapter started. */
export interface UpdateDeps {
  send: SendDeps;
  log: Logger;
  seenUpdates: Lru<number, true>;
  flood: { limit: number; timeFrameMs: number };
  media: MediaDownloadOptions;
  mediaWaitMs: number;
  metrics?: ChannelMetrics | undefined;
  handler(): InboundHandler | undefined;
}

/**
 * Installs the bot's middleware: malformed updates dropped, the per-chat flood limit, one update
 * at a time per chat (concurrently across chats), then {@link handleUpdate}.
 */
export function installUpdatePipeline(bot: Bot, deps: UpdateDeps): void {
  const { log } = deps;
  // A malformed update (say a message without chat) is dropped here, before anything reads it: in
  // webhook mode a throw would answer 500 and Telegram would send it again forever.
  bot.use(async (ctx, next) => {
    const problem = updateShapeProblem(ctx.update);
    if (problem === null) return next();
    log.warn({ updateId: ctx.update.update_id, problem }, 'malformed update dropped');
  });
  bot.use(floodLimit({ ...deps.flood, logger: log }));
  bot.use(sequentialize((ctx: Context) => chatKey(ctx.update)));
  bot.use((ctx) => handleUpdate(ctx, deps));
  bot.catch((error) => log.error({ err: error.error, updateId: error.ctx.update.update_id }, 'bot error'));
}

/**
 * A single-choice question is answered by one press: take its buttons away so an old question
 * cannot be pressed again by mistake (the app still answers stale presses politely).
 */
function removeAnsweredKeyboard(ctx: Context, deps: UpdateDeps): void {
  const payload = decodeCallbackData(ctx.callbackQuery?.data);
  const chat = chatKey(ctx.update);
  if (!payload || !chat || !ctx.callbackQuery?.message) return;
  if (deps.send.choices.recall(chat, payload.key)?.multiple) return;
  ctx
    .editMessageReplyMarkup()
    .catch((error: unknown) => deps.log.debug({ err: error }, 'keyboard not removed'));
}

/** One update: converted at the edge, handled by the app, its replies sent in order. */
async function handleUpdate(ctx: Context, deps: UpdateDeps): Promise<void> {
  const { log } = deps;
  const updateId = ctx.update.update_id;
  if (deps.seenUpdates.has(updateId)) {
    log.debug({ updateId }, 'update already handled; ignored');
    return;
  }
  const started = performance.now();
  if (ctx.callbackQuery) {
    // Always answer, so the button stops spinning; the app replies to the choice itself.
    await ctx
      .answerCallbackQuery()
      .catch((error: unknown) => log.warn({ err: error }, 'answerCallbackQuery failed'));
    removeAnsweredKeyboard(ctx, deps);
  }
  const converted = toInbound(
    ctx.update,
    (chat, key) => deps.send.choices.recall(chat, key),
    ctx.me?.username,
  );
  const handler = deps.handler();
  if (!converted || !handler) return;
  log.debug({ updateId, kind: converted.kind, content: converted.inbound.content }, 'update received');
  const inbound: InboundMessage = {
    ...converted.inbound,
    content: await attachLocalCopy(deps.media, converted.inbound.content, deps.mediaWaitMs, log),
  };
  let replies: OutboundMessage[];
  try {
    replies = await handler.handle(inbound);
  } catch (error) {
    log.error({ err: error, updateId, chat: inbound.chatId }, 'handling an update failed');
    await deps.send.api
      .sendMessage(inbound.chatId, t('channel.error', clientLocale(ctx)))
      .catch(() => undefined);
    return;
  }
  deps.seenUpdates.set(updateId, true);
  deps.metrics?.updateHandled('telegram', converted.kind);
  await sendReplies(deps, inbound.chatId, replies, started);
}

/** Sends the replies in order; a refusal by Telegram stops the rest (the chat is gone or blocked). */
async function sendReplies(
  deps: UpdateDeps,
  chatId: string,
  replies: OutboundMessage[],
  started: number,
): Promise<void> {
  let first = true;
  for (const reply of replies) {
    try {
      await sendRendered(deps.send, chatId, reply);
    } catch (error) {
      deps.log.warn({ err: error, chat: chatId }, 'sending a reply failed');
      if (!isPermanent(error)) continue;
      break;
    }
    if (first) {
      deps.metrics?.replyTime('telegram', (performance.now() - started) / 1000);
      first = false;
    }
  }
}
