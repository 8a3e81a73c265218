import { type RunnerHandle, run } from '@grammyjs/runner';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { OutboundMessage } from '../../core/messages.ts';
import type { ChannelAdapter, InboundHandler } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import { ChoiceMemory } from './choice-memory.ts';
import { setCommandMenu } from './commands-menu.ts';
import { installUpdatePipeline } from './handle-update.ts';
import { leanFetch } from './lean-fetch.ts';
import { Lru } from './lru.ts';
import type { TelegramAdapterOptions } from './options.ts';
import { botApiRetries } from './retry.ts';
import { isPermanent, type SendDeps, sendRendered } from './send.ts';

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
  const send: SendDeps = { api: bot.api, choices: new ChoiceMemory(), budget: options.budget, log };
  let handler: InboundHandler | undefined;
  installUpdatePipeline(bot, {
    send,
    log,
    seenUpdates: new Lru<number, true>(10_000),
    flood: options.floodLimit ?? { limit: 10, timeFrameMs: 1000 },
    media: { api: bot.api, token: options.token, apiRoot: options.apiRoot, mediaDir: options.mediaDir },
    mediaWaitMs: options.mediaWaitMs ?? 3000,
    metrics: options.metrics,
    handler: () => handler,
  });
  const webhookPath = options.webhook ? new URL(options.webhook.url).pathname || '/' : null;
  const inFlight = new InFlight();
  let runner: RunnerHandle | undefined;
  let stopping = false;
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
      runner = await startReceiving(bot, options, log);
    },
    handleWebhookUpdate(update: Update): Promise<void> {
      if (stopping) return Promise.reject(new AdapterStoppingError('the bot is stopping'));
      return inFlight.track(bot.handleUpdate(update));
    },
    send: (chatId, message) => sendOrDrop(send, chatId, message),
    async stop(): Promise<void> {
      stopping = true;
      if (runner?.isRunning()) await runner.stop();
      await inFlight.settled();
      log.info('telegram channel stopped');
    },
  };
}

/** Webhook updates being handled, so stop() can wait for them. */
class InFlight {
  private readonly set = new Set<Promise<unknown>>();
  track<T>(promise: Promise<T>): Promise<T> {
    this.set.add(promise);
    const done = () => this.set.delete(promise);
    promise.then(done, done);
    return promise;
  }
  async settled(): Promise<void> {
    await Promise.allSettled([...this.set]);
  }
}

/** Sets the command menu, then the webhook, or starts long polling (the runner is returned). */
async function startReceiving(
  bot: Bot,
  options: TelegramAdapterOptions,
  log: Logger,
): Promise<RunnerHandle | undefined> {
  await bot.init();
  await setCommandMenu(bot.api).catch((error: unknown) =>
    log.warn({ err: error }, 'setMyCommands failed; the command menu may be outdated'),
  );
  if (options.webhook) {
    await bot.api.setWebhook(options.webhook.url, {
      secret_token: options.webhook.secret,
      allowed_updates: ['message', 'callback_query'],
    });
    log.info(
      { path: new URL(options.webhook.url).pathname || '/', bot: bot.botInfo.username },
      'telegram webhook set',
    );
    return undefined;
  }
  await bot.api.deleteWebhook();
  const runner = run(bot, {
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
  return runner;
}

/** A message outside a conversation (a confirmation): one Telegram refuses is logged, not retried. */
async function sendOrDrop(deps: SendDeps, chatId: string, message: OutboundMessage): Promise<void> {
  try {
    await sendRendered(deps, chatId, message);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    // Blocked by the user, chat not found…: the platform said no; retrying cannot help.
    deps.log.warn({ err: error, chat: chatId }, 'telegram refused a message; not retried');
  }
}
