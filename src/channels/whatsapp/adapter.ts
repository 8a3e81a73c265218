import type { WAMessage } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { t } from '../../app/texts.ts';
import { type BroadcastSender, DeliveryError } from '../../core/delivery.ts';
import type { OutboundMessage } from '../../core/messages.ts';
import type { ChannelAdapter, ChannelMetrics, InboundHandler } from '../../core/ports.ts';
import type { WhatsappAuthStore } from '../../db/whatsapp-auth.ts';
import { loadAuthState } from './auth-state.ts';
import { createConnection, type EndReason, type WhatsappConnection } from './connection.ts';
import { attachLocalCopy } from './media.ts';
import { renderWhatsappText } from './render.ts';
import type { SocketFactory, WhatsappSocket } from './socket.ts';
import { type ConvertedMessage, toInbound } from './to-inbound.ts';

/** The one-holder lease of the number (see src/queue/lease.ts). */
export interface NumberLease {
  acquire(options?: { signal?: AbortSignal; onWait?(holder: string): void }): Promise<void>;
  release(): Promise<void>;
  onLost(listener: () => void): void;
}

/** Options of {@link createWhatsappAdapter}. */
export interface WhatsappAdapterOptions {
  /** Baileys' makeWASocket or the WHATSAPP_SOCKET_MODULE stand-in (see socket.ts). */
  makeSocket: SocketFactory;
  /** The number's auth state in Postgres. */
  authStore: WhatsappAuthStore;
  /** Exactly one process holds the number's connection. */
  lease: NumberLease;
  /** Folder for downloaded photos and documents (`<mediaDir>/whatsapp/`). */
  mediaDir: string;
  logger: Logger;
  metrics?: ChannelMetrics;
  /** How long the flow waits for a media download before going on without a copy. @defaultValue 3000 */
  mediaWaitMs?: number;
  /** Messages older than this are not answered. @defaultValue 10 minutes (to-inbound.ts) */
  maxAgeMs?: number;
  /** Reconnect pauses (connection.ts). */
  backoff?: { initialMs: number; maxMs: number };
}

/** Where the channel is in its life. */
export type WhatsappState = 'idle' | 'unpaired' | 'waiting' | 'connecting' | 'open' | EndReason;

/** The WhatsApp ChannelAdapter plus the send path of broadcasts. */
export interface WhatsappAdapter extends ChannelAdapter {
  /**
   * The send path of broadcasts: one message per call (an image with its caption, or text), failures
   * as DeliveryError. The broadcast paces it (WHATSAPP_MIN_GAP_MS with jitter, src/broadcast/limiter.ts)
   * and runs only in the process holding this number.
   */
  readonly sender: BroadcastSender;
  readonly state: WhatsappState;
  /** Resolves once the channel has stopped for good (logged out, stopped…) with the reason. */
  readonly ended: Promise<WhatsappState>;
}

/** A cosmetic call (typing indicator, read receipt): its failure never touches the reply. */
function cosmetic(log: Logger, what: string, call: () => Promise<unknown>): void {
  try {
    call().catch((error: unknown) => log.debug({ err: error }, `${what} failed`));
  } catch (error) {
    log.debug({ err: error }, `${what} failed`);
  }
}

const END_LINES: Record<Exclude<EndReason, 'stopped'>, string> = {
  'logged-out':
    'WhatsApp logged out (the linked device was removed on the phone): the WhatsApp channel stops, the rest keeps running; pair again with `seleksi whatsapp pair`',
  replaced:
    'WhatsApp session taken over by another client (another process or WhatsApp Web with this login): the WhatsApp channel stops',
  forbidden: 'WhatsApp refused this number (403, possibly banned): the WhatsApp channel stops',
};

/**
 * Creates the WhatsApp channel (Baileys). start() returns at once; in the background the channel
 * waits for the number's lease (saying so when another process holds it), connects with the auth
 * state from Postgres and reconnects as connection.ts says. Messages of `messages.upsert` (type
 * `notify`) are converted at the edge (to-inbound.ts), each message key handled once, one chat's
 * messages one at a time; replies go out with a typing indicator, choices as numbered options.
 */
export function createWhatsappAdapter(options: WhatsappAdapterOptions): WhatsappAdapter {
  const log = options.logger.child({ channel: 'whatsapp' });
  const abort = new AbortController();
  const seen = new Map<string, true>();
  const chains = new Map<string, Promise<void>>();
  let handler: InboundHandler | undefined;
  let connection: WhatsappConnection | null = null;
  let state: WhatsappState = 'idle';
  let stopping = false;
  let lifecycle: Promise<void> = Promise.resolve();
  let finish!: (state: WhatsappState) => void;
  const ended = new Promise<WhatsappState>((resolve) => {
    finish = resolve;
  });

  /** True the first time a message id is seen in this process (the app's processed_inbound decides across them). */
  function firstSight(id: string): boolean {
    if (seen.has(id)) return false;
    seen.set(id, true);
    if (seen.size > 10_000) seen.delete(seen.keys().next().value!);
    return true;
  }

  async function sendText(socket: WhatsappSocket, chatId: string, message: OutboundMessage): Promise<void> {
    for (const text of renderWhatsappText(message)) await socket.sendMessage(chatId, { text });
  }

  async function handleOne(socket: WhatsappSocket, converted: ConvertedMessage): Promise<void> {
    const started = performance.now();
    const { inbound } = converted;
    const key = converted.original.key;
    cosmetic(log, 'read receipt', () => socket.readMessages([key]));
    cosmetic(log, 'typing indicator', () => socket.sendPresenceUpdate('composing', inbound.chatId));
    const content = await attachLocalCopy(
      { mediaDir: options.mediaDir, logger: log, socket },
      converted.downloadable ? converted.original : null,
      inbound.content,
      options.mediaWaitMs ?? 3000,
    );
    let replies: OutboundMessage[];
    try {
      replies = await handler!.handle({ ...inbound, content });
    } catch (error) {
      log.error({ err: error, chat: inbound.chatId }, 'handling a message failed');
      await sendText(socket, inbound.chatId, { text: t('channel.error', 'id') }).catch(() => undefined);
      return;
    }
    options.metrics?.updateHandled('whatsapp', converted.kind);
    let first = true;
    for (const reply of replies) {
      try {
        await sendText(socket, inbound.chatId, reply);
      } catch (error) {
        log.warn({ err: error, chat: inbound.chatId }, 'sending a reply failed');
        break;
      }
      if (first) options.metrics?.replyTime('whatsapp', (performance.now() - started) / 1000);
      first = false;
    }
    cosmetic(log, 'typing indicator', () => socket.sendPresenceUpdate('paused', inbound.chatId));
  }

  function onUpsert(socket: WhatsappSocket, messages: WAMessage[]): void {
    for (const message of messages) {
      const converted = toInbound(message, { now: new Date(), maxAgeMs: options.maxAgeMs });
      if (typeof converted === 'string') {
        log.debug({ reason: converted, id: message.key?.id }, 'whatsapp message skipped');
        continue;
      }
      if (!firstSight(converted.inbound.messageId)) continue;
      const chat = converted.inbound.chatId;
      // One chat's messages one after another (replies in order); chats run side by side.
      const previous = chains.get(chat) ?? Promise.resolve();
      const current = previous
        .then(() => handleOne(socket, converted))
        .catch((error: unknown) => {
          log.error({ err: error, chat }, 'whatsapp message failed');
        });
      chains.set(chat, current);
      void current.finally(() => {
        if (chains.get(chat) === current) chains.delete(chat);
      });
    }
  }

  function attach(socket: WhatsappSocket): void {
    socket.ev.on('messages.upsert', ({ messages, type }) => {
      // `append` and history sync carry messages that were there before: never answered.
      if (type !== 'notify' || stopping) return;
      onUpsert(socket, messages);
    });
  }

  /** Holds the lease and runs connections until the channel ends or stops. */
  async function run(): Promise<void> {
    const auth = await loadAuthState(options.authStore);
    if (!auth.paired) {
      state = 'unpaired';
      log.warn(
        'WhatsApp is not paired yet: run `seleksi whatsapp pair` (QR code, or --phone for a pairing code), then restart; the WhatsApp channel stops, the rest keeps running',
      );
      return;
    }
    options.lease.onLost(() => {
      log.warn('WhatsApp lease lost (renewal missed); closing the connection and waiting for it again');
      void connection?.stop();
    });
    while (!stopping) {
      state = 'waiting';
      try {
        await options.lease.acquire({
          signal: abort.signal,
          onWait: (holder) =>
            log.warn({ holder }, 'WhatsApp number is in use by another process; waiting for it to stop'),
        });
      } catch {
        return; // stopped while waiting
      }
      state = 'connecting';
      connection = createConnection({
        makeSocket: options.makeSocket,
        auth,
        logger: log,
        onSocket: attach,
        onOpen: () => {
          state = 'open';
        },
        onClose: () => {
          state = 'connecting';
        },
        backoff: options.backoff,
      });
      const reason = await connection.run();
      connection = null;
      await options.lease.release();
      if (reason === 'stopped') continue; // stopping, or the lease was lost: wait for it again
      state = reason;
      log.error(END_LINES[reason]);
      if (reason === 'logged-out') await auth.clear();
      return;
    }
  }

  return {
    name: 'whatsapp',
    get state() {
      return state;
    },
    ended,

    async start(inboundHandler) {
      handler = inboundHandler;
      lifecycle = run()
        .catch((error: unknown) => {
          state = 'stopped';
          log.error({ err: error }, 'the WhatsApp channel failed and stopped; the rest keeps running');
        })
        .finally(() => finish(state));
    },

    async send(chatId, message) {
      const socket = connection?.socket;
      // Throwing makes a confirmation job retry later, when the connection is back.
      if (!socket) throw new Error('whatsapp is not connected');
      await sendText(socket, chatId, message);
    },

    sender: {
      channel: 'whatsapp',
      images: true,
      async deliver(chatId, message) {
        const socket = connection?.socket;
        if (!socket) throw new DeliveryError({ kind: 'transient', reason: 'whatsapp is not connected' });
        try {
          if (message.image) {
            await socket.sendMessage(chatId, {
              image: Buffer.from(message.image.data),
              mimetype: message.image.mimeType,
              caption: message.text,
            });
          } else {
            await sendText(socket, chatId, message);
          }
        } catch (error) {
          // WhatsApp tells nothing reliable about blocked numbers: a refused message is retried, then failed.
          throw new DeliveryError({
            kind: 'transient',
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      },
    },

    async stop() {
      stopping = true;
      abort.abort();
      await connection?.stop();
      await Promise.allSettled([...chains.values()]);
      await lifecycle;
      if (state !== 'unpaired' && !['logged-out', 'replaced', 'forbidden'].includes(state)) state = 'stopped';
      log.info('whatsapp channel stopped');
    },
  };
}
