import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../../config/config.ts';
import type { SendBudget } from '../../core/delivery.ts';
import type { ChannelMetrics } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { RetryOptions } from './retry.ts';

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

/** The adapter's settings from the configuration (TELEGRAM_BOT_TOKEN must be set). */
export function telegramSettings(config: Config, logger: Logger): TelegramAdapterOptions {
  return {
    token: config.TELEGRAM_BOT_TOKEN!,
    apiRoot: config.TELEGRAM_API_ROOT,
    mediaDir: config.MEDIA_DIR,
    logger,
    floodLimit: { limit: config.TELEGRAM_FLOOD_LIMIT, timeFrameMs: 1000 },
    ...(config.TELEGRAM_WEBHOOK_URL
      ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET! } }
      : {}),
  };
}
