import type { ChannelName, InboundMessage, OutboundMessage } from './messages.ts';

/** Handles one inbound message and returns the replies to send, in order. */
export interface InboundHandler {
  handle(message: InboundMessage): Promise<OutboundMessage[]>;
}

/**
 * A messenger connection. The app pushes messages that are not direct replies (confirmations from
 * the worker, broadcasts) through `send`.
 */
export interface ChannelAdapter {
  readonly name: ChannelName;
  start(handler: InboundHandler): Promise<void>;
  send(chatId: string, message: OutboundMessage): Promise<void>;
  stop(): Promise<void>;
}

/** Sends messages to any chat, routed by channel: what the worker and broadcasts use. */
export interface Notifier {
  send(to: { channel: ChannelName; chatId: string }, messages: OutboundMessage[]): Promise<void>;
}

/** What a channel reports for GET /metrics (implemented in src/http/metrics.ts). */
export interface ChannelMetrics {
  /** One inbound update handled; `type` is text, command, callback, photo, sticker… */
  updateHandled(channel: ChannelName, type: string): void;
  /** Time from receiving an update to the first reply sent, in seconds. */
  replyTime(channel: ChannelName, seconds: number): void;
}
