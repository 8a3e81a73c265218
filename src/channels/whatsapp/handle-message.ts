import type { WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { t } from '../../app/texts.ts';
import type { OutboundMessage } from '../../core/messages.ts';
import type { ChannelMetrics, InboundHandler } from '../../core/ports.ts';
import { attachLocalCopy } from './media.ts';
import { renderWhatsappText } from './render.ts';
import type { WhatsappSocket } from './socket.ts';
import { type ConvertedMessage, toInbound } from './to-inbound.ts';

/** Sends a message as text (choices as numbered options), in as many pieces as it needs. */
export async function sendText(
  socket: WhatsappSocket,
  chatId: string,
  message: OutboundMessage,
): Promise<void> {
  for (const text of renderWhatsappText(message)) await socket.sendMessage(chatId, { text });
}

/** A cosmetic call (typing indicator, read receipt): its failure never touches the reply. */
function cosmetic(log: Logger, what: string, call: () => Promise<unknown>): void {
  try {
    call().catch((error: unknown) => log.debug({ err: error }, `${what} failed`));
  } catch (error) {
    log.debug({ err: error }, `${what} failed`);
  }
}

/** What handling a message needs. */
export interface MessageDeps {
  log: Logger;
  handler: InboundHandler;
  mediaDir: string;
  mediaWaitMs: number;
  metrics?: ChannelMetrics | undefined;
}

/** One message: read receipt and typing indicator, the app's handler, the replies in order. */
async function handleOne(
  deps: MessageDeps,
  socket: WhatsappSocket,
  converted: ConvertedMessage,
): Promise<void> {
  const { log } = deps;
  const started = performance.now();
  const { inbound } = converted;
  const key = converted.original.key;
  cosmetic(log, 'read receipt', () => socket.readMessages([key]));
  cosmetic(log, 'typing indicator', () => socket.sendPresenceUpdate('composing', inbound.chatId));
  const content = await attachLocalCopy(
    { mediaDir: deps.mediaDir, logger: log, socket },
    converted.downloadable ? converted.original : null,
    inbound.content,
    deps.mediaWaitMs,
  );
  let replies: OutboundMessage[];
  try {
    replies = await deps.handler.handle({ ...inbound, content });
  } catch (error) {
    log.error({ err: error, chat: inbound.chatId }, 'handling a message failed');
    await sendText(socket, inbound.chatId, { text: t('channel.error', 'id') }).catch(() => undefined);
    return;
  }
  deps.metrics?.updateHandled('whatsapp', converted.kind);
  let first = true;
  for (const reply of replies) {
    try {
      await sendText(socket, inbound.chatId, reply);
    } catch (error) {
      log.warn({ err: error, chat: inbound.chatId }, 'sending a reply failed');
      break;
    }
    if (first) deps.metrics?.replyTime('whatsapp', (performance.now() - started) / 1000);
    first = false;
  }
  cosmetic(log, 'typing indicator', () => socket.sendPresenceUpdate('paused', inbound.chatId));
}

/**
 * The messages of `messages.upsert`: converted at the edge, each message id handled once in this
 * process (the app's processed_inbound decides across processes), one chat's messages one after
 * another (replies in order) while chats run side by side.
 */
export class InboundChains {
  private readonly seen = new Map<string, true>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly maxAgeMs: number | undefined) {}

  /** Queues the new messages of an upsert behind their chat's earlier ones. */
  add(deps: MessageDeps, socket: WhatsappSocket, messages: WAMessage[]): void {
    for (const message of messages) {
      const converted = toInbound(message, { now: new Date(), maxAgeMs: this.maxAgeMs });
      if (typeof converted === 'string') {
        deps.log.debug({ reason: converted, id: message.key?.id }, 'whatsapp message skipped');
        continue;
      }
      if (!this.firstSight(converted.inbound.messageId)) continue;
      const chat = converted.inbound.chatId;
      const previous = this.chains.get(chat) ?? Promise.resolve();
      const current = previous
        .then(() => handleOne(deps, socket, converted))
        .catch((error: unknown) => {
          deps.log.error({ err: error, chat }, 'whatsapp message failed');
        });
      this.chains.set(chat, current);
      void current.finally(() => {
        if (this.chains.get(chat) === current) this.chains.delete(chat);
      });
    }
  }

  /** Resolves when every queued message is handled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  private firstSight(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.set(id, true);
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }
}
