import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { Bot, type Context, GrammyError, InputFile } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import { t } from '../../app/texts.ts';
import type { SendBudget } from '../../core/delivery.ts';
import type { InboundContent, InboundMessage, OutboundFile, OutboundMessage } from '../../core/messages.ts';
import type { ChannelAdapter, ChannelMetrics, InboundHandler } from '../../core/ports.ts';
import { decodeCallbackData } from './callback-data.ts';
import { ChoiceMemory } from './choice-memory.ts';
import { setCommandMenu } from './commands-menu.ts';
import { clientLocale, floodLimit } from './flood-limit.ts';
import { leanFetch } from './lean-fetch.ts';
import { Lru } from './lru.ts';
import { attachLocalCopy } from './media.ts';
import { renderMessage } from './render.ts';
import { botApiRetries, type RetryOptions } from './retry.ts';
import { chatKey, toInbound } from './to-inbound.ts';
import { updateShapeProblem } from './update-shape.ts';

/** Options of {@link createTelegramAdapter}. */
export interface TelegramAdapterOptions {
  token: string;
  /** Bot API server, e.g. https://api.telegram.org or a local emulator. */
  apiRoot: string;
  /** Folder for downloaded photos and documents. */
  mediaDir: string;
  logger: Logger;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: { url: string; secret: string };
  metrics?: ChannelMetrics;
  /**
   * Per-chat flood limit: more than `limit` updates within `timeFrameMs` are dropped (the chat is told
   * once to slow down), without slowing other chats.
   * @defaultValue `{ limit: 10, timeFrameMs: 1000 }`
   */
  floodLimit?: { limit: number; timeFrameMs: number };
  /** How long the flow waits for a media download before going on without a local copy. @defaultValue 3000 */
  mediaWaitMs?: number;
  /** Skip getMe at start (tests). */
  botInfo?: UserFromGetMe;
  /** Long-polling timeout in seconds. @defaultValue 30 */
  pollTimeoutSeconds?: number;
  /**
   * Retries of Bot API calls: 429 and 5xx through auto-retry, network errors through our own bounded
   * transformer (retry.ts). @defaultValue DEFAULT_RETRY in retry.ts
   */
  retry?: Partial<RetryOptions>;
  /**
   * The channel's shared send budget: every message this adapter sends (replies, confirmations) is
   * counted in it, so a running broadcast makes way for people who are chatting.
   */
  budget?: SendBudget;
}

/** The Telegram ChannelAdapter plus what the HTTP server needs in webhook mode. */
export interface TelegramAdapter extends ChannelAdapter {
  /** The HTTP path of the webhook (from TELEGRAM_WEBHOOK_URL), or null in polling mode. */
  readonly webhookPath: string | null;
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token, or null in polling mode. */
  readonly webhookSecret: string | null;
  /** Handles one update POSTed to the webhook; resolves when it is handled and replied to. */
  handleWebhookUpdate(update: Update): Promise<void>;
  /** True once stop() began: the webhook should answer 503 so Telegram retries later. */
  readonly stopping: boolean;
  /** The bot's username (known after start). */
  readonly username: string | undefined;
}

/** Thrown by handleWebhookUpdate after stop() began. */
export class AdapterStoppingError extends Error {
  override name = 'AdapterStoppingError';
}

/** Telegram said no (4xx other than 429): retrying the same request cannot help. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code >= 400 &&
    error.error_code < 500 &&
    error.error_code !== 429
  );
}

/**
 * Creates the Telegram channel (grammY). Updates are converted at the edge (to-inbound.ts), handled
 * one at a time per chat and concurrently across chats, and the handler's replies are rendered
 * (render.ts) with choices as inline keyboards.
 */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const log = options.logger.child({ channel: 'telegram' });
  const bot = new Bot(options.token, {
    // node:http instead of node-fetch for Bot API calls: same keep-alive agent, far less CPU per call.
    client: { apiRoot: options.apiRoot, fetch: leanFetch as never },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // auto-retry for 429 (retry_after) and 5xx, our bounded retries of network errors inside it (the
  // order matters; see botApiRetries); other 4xx are thrown at once.
  bot.api.config.use(...botApiRetries(options.retry, log));

  const choices = new ChoiceMemory();
  const seenUpdates = new Lru<number, true>(10_000);
  const flood = options.floodLimit ?? { limit: 10, timeFrameMs: 1000 };
  const mediaWaitMs = options.mediaWaitMs ?? 3000;
  const webhookPath = options.webhook ? new URL(options.webhook.url).pathname || '/' : null;
  const inFlight = new Set<Promise<unknown>>();
  let runner: RunnerHandle | undefined;
  let stopping = false;
  let handler: InboundHandler | undefined;

  async function sendRendered(chatId: string, message: OutboundMessage): Promise<void> {
    if (message.choices && message.choices.length > 0)
      choices.remember(chatId, message.token, message.choices);
    for (const piece of renderMessage(message)) {
      options.budget?.debit();
      await bot.api.sendMessage(
        chatId,
        piece.text,
        piece.reply_markup ? { reply_markup: piece.reply_markup } : {},
      );
    }
    for (const file of message.files ?? []) await sendFile(chatId, file);
  }

  /** A file asked for again (a dossier's photo): one that cannot be sent is named instead. */
  async function sendFile(chatId: string, file: OutboundFile): Promise<void> {
    const input = file.localPath ? new InputFile(file.localPath, file.fileName) : file.fileRef;
    const extra = file.caption ? { caption: file.caption } : {};
    options.budget?.debit();
    try {
      if (file.kind === 'photo') await bot.api.sendPhoto(chatId, input, extra);
      else await bot.api.sendDocument(chatId, input, extra);
    } catch (error) {
      log.warn({ err: error }, 'file not sent');
      await bot.api.sendMessage(chatId, `📎 ${file.fileName ?? file.caption ?? file.kind} ✗`);
    }
  }

  /**
   * A single-choice question is answered by one press: take its buttons away so an old question
   * cannot be pressed again by mistake (the app still answers stale presses politely).
   */
  function removeAnsweredKeyboard(ctx: Context): void {
    const payload = decodeCallbackData(ctx.callbackQuery?.data);
    const chat = chatKey(ctx.update);
    if (!payload || !chat || !ctx.callbackQuery?.message) return;
    if (choices.recall(chat, payload.key)?.multiple) return;
    ctx.editMessageReplyMarkup().catch((error: unknown) => log.debug({ err: error }, 'keyboard not removed'));
  }

  const media = { api: bot.api, token: options.token, apiRoot: options.apiRoot, mediaDir: options.mediaDir };
  const withLocalCopy = (content: InboundContent) => attachLocalCopy(media, content, mediaWaitMs, log);

  // A malformed update (say a message without chat) is dropped here, before anything reads it: in
  // webhook mode a throw would answer 500 and Telegram would send it again forever.
  bot.use(async (ctx, next) => {
    const problem = updateShapeProblem(ctx.update);
    if (problem === null) return next();
    log.warn({ updateId: ctx.update.update_id, problem }, 'malformed update dropped');
  });
  bot.use(floodLimit({ ...flood, logger: log }));
  bot.use(sequentialize((ctx: Context) => chatKey(ctx.update)));
  bot.use(async (ctx) => {
    const updateId = ctx.update.update_id;
    if (seenUpdates.has(updateId)) {
      log.debug({ updateId }, 'update already handled; ignored');
      return;
    }
    const started = performance.now();
    if (ctx.callbackQuery) {
      // Always answer, so the button stops spinning; the app replies to the choice itself.
      await ctx
        .answerCallbackQuery()
        .catch((error: unknown) => log.warn({ err: error }, 'answerCallbackQuery failed'));
      removeAnsweredKeyboard(ctx);
    }
    const converted = toInbound(ctx.update, (chat, key) => choices.recall(chat, key), ctx.me?.username);
    if (!converted || !handler) return;
    log.debug({ updateId, kind: converted.kind, content: converted.inbound.content }, 'update received');
    const inbound: InboundMessage = {
      ...converted.inbound,
      content: await withLocalCopy(converted.inbound.content),
    };
    let replies: OutboundMessage[];
    try {
      replies = await handler.handle(inbound);
    } catch (error) {
      log.error({ err: error, updateId, chat: inbound.chatId }, 'handling an update failed');
      await bot.api.sendMessage(inbound.chatId, t('channel.error', clientLocale(ctx))).catch(() => undefined);
      return;
    }
    seenUpdates.set(updateId, true);
    options.metrics?.updateHandled('telegram', converted.kind);
    let first = true;
    for (const reply of replies) {
      try {
        await sendRendered(inbound.chatId, reply);
      } catch (error) {
        log.warn({ err: error, chat: inbound.chatId }, 'sending a reply failed');
        if (!isPermanent(error)) continue;
        break;
      }
      if (first) {
        options.metrics?.replyTime('telegram', (performance.now() - started) / 1000);
        first = false;
      }
    }
  });
  bot.catch((error) => log.error({ err: error.error, updateId: error.ctx.update.update_id }, 'bot error'));

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const done = () => inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }

  return {
    name: 'telegram',
    webhookPath,
    webhookSecret: options.webhook?.secret ?? null,
    get stopping() {
      return stopping;
    },
    get username() {
      return bot.isInited() ? bot.botInfo.username : undefined;
    },

    async start(inboundHandler: InboundHandler): Promise<void> {
      handler = inboundHandler;
      await bot.init();
      await setCommandMenu(bot.api).catch((error: unknown) =>
        log.warn({ err: error }, 'setMyCommands failed; the command menu may be outdated'),
      );
      if (options.webhook) {
        await bot.api.setWebhook(options.webhook.url, {
          secret_token: options.webhook.secret,
          allowed_updates: ['message', 'callback_query'],
        });
        log.info({ path: webhookPath, bot: bot.botInfo.username }, 'telegram webhook set');
        return;
      }
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: {
          fetch: {
            timeout: options.pollTimeoutSeconds ?? 30,
            allowed_updates: ['message', 'callback_query'],
          },
          silent: true,
          retryInterval: 'exponential',
        },
      });
      log.info({ bot: bot.botInfo.username }, 'telegram long polling started');
    },

    handleWebhookUpdate(update: Update): Promise<void> {
      if (stopping) return Promise.reject(new AdapterStoppingError('the bot is stopping'));
      return track(bot.handleUpdate(update));
    },

    async send(chatId: string, message: OutboundMessage): Promise<void> {
      try {
        await sendRendered(chatId, message);
      } catch (error) {
        if (isPermanent(error)) {
          // Blocked by the user, chat not found…: the platform said no; retrying cannot help.
          log.warn({ err: error, chat: chatId }, 'telegram refused a message; not retried');
          return;
        }
        throw error;
      }
    },

    async stop(): Promise<void> {
      stopping = true;
      if (runner?.isRunning()) await runner.stop();
      await Promise.allSettled([...inFlight]);
      log.info('telegram channel stopped');
    },
  };
}
