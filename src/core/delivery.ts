import type { ChannelName, OutboundMessage } from './messages.ts';

/**
 * The send path of broadcasts, channel-neutral. Unlike ChannelAdapter.send (replies and
 * confirmations, retried inside the channel), a broadcast send makes exactly one platform call and
 * says how it ended, so the broadcast can pace, pause, retry or give up per delivery itself.
 */

/** Why a broadcast message was not delivered. */
export type DeliveryFailure =
  /** The platform asks to slow down (Telegram 429): not delivered; every process waits `retryAfterMs`. */
  | { kind: 'rate_limited'; retryAfterMs: number; reason: string }
  /** The person blocked the bot (Telegram 403): not delivered; no more broadcasts to this chat. */
  | { kind: 'blocked'; reason: string }
  /** The platform refused this message for good (chat not found, bad request): not retried. */
  | { kind: 'refused'; reason: string }
  /** 5xx or a network error: may be retried with backoff. */
  | { kind: 'transient'; reason: string };

/** A broadcast message that was not delivered, and why. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(readonly failure: DeliveryFailure) {
    super(`${failure.kind}: ${failure.reason}`);
  }
}

/** Sends broadcast messages on one channel: one platform call per message, failures as DeliveryError. */
export interface BroadcastSender {
  readonly channel: ChannelName;
  /** Whether images are sent (a message's image, with its text as the caption). */
  readonly images: boolean;
  /** Resolves once the platform accepted the message; rejects with a DeliveryError otherwise. */
  deliver(chatId: string, message: OutboundMessage): Promise<void>;
}

/**
 * The channel's shared send budget (src/broadcast/limiter.ts): replies and confirmations take their
 * share without waiting, so the broadcast, which waits for the budget, slows down for them.
 */
export interface SendBudget {
  /** One message went out outside the broadcast. */
  debit(): void;
}
