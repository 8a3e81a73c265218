import type { Logger } from 'pino';
import { type BroadcastSender, DeliveryError } from '../../core/delivery.ts';
import type { OutboundMessage } from '../../core/messages.ts';
import type { ChannelAdapter, ChannelMetrics } from '../../core/ports.ts';
import type { WhatsappAuthStore } from '../../db/whatsapp-auth.ts';
import { loadAuthState } from './auth-state.ts';
import { createConnection, type EndReason, type WhatsappConnection } from './connection.ts';
import { InboundChains, type MessageDeps, sendText } from './handle-message.ts';
import type { SocketFactory, WhatsappSocket } from './socket.ts';

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

const END_LINES: Record<Exclude<EndReason, 'stopped'>, string> = {
  'logged-out':
    'WhatsApp logged out (the linked device was removed on the phone): the WhatsApp channel stops, the rest keeps running; pair again with `seleksi whatsapp pair`',
  replaced:
    'WhatsApp session taken over by another client (another process or WhatsApp Web with this login): the WhatsApp channel stops',
  forbidden: 'WhatsApp refused this number (403, possibly banned): the WhatsApp channel stops',
};

/** The channel's changing parts, shared by its lifecycle and its send paths. */
class Live {
  state: WhatsappState = 'idle';
  connection: WhatsappConnection | null = null;
  stopping = false;
  readonly abort = new AbortController();
}

/**
 * Creates the WhatsApp channel (Baileys). start() returns at once; in the background the channel
 * waits for the number's lease (saying so when another process holds it), connects with the auth
 * state from Postgres and reconnects as connection.ts says. Messages of `messages.upsert` (type
 * `notify`) are converted at the edge (to-inbound.ts), each message key handled once, one chat's
 * messages one at a time; replies go out with a typing indicator, choices as numbered options.
 */
export function createWhatsappAdapter(options: WhatsappAdapterOptions): WhatsappAdapter {
  const log = options.logger.child({ channel: 'whatsapp' });
  const live = new Live();
  const inbound = new InboundChains(options.maxAgeMs);
  let lifecycle: Promise<void> = Promise.resolve();
  let finish!: (state: WhatsappState) => void;
  const ended = new Promise<WhatsappState>((resolve) => {
    finish = resolve;
  });
  return {
    name: 'whatsapp',
    get state() {
      return live.state;
    },
    ended,
    async start(handler) {
      const deps: MessageDeps = {
        log,
        handler,
        mediaDir: options.mediaDir,
        mediaWaitMs: options.mediaWaitMs ?? 3000,
        metrics: options.metrics,
      };
      const attach = (socket: WhatsappSocket) =>
        socket.ev.on('messages.upsert', ({ messages, type }) => {
          // `append` and history sync carry messages that were there before: never answered.
          if (type !== 'notify' || live.stopping) return;
          inbound.add(deps, socket, messages);
        });
      lifecycle = runNumber(live, options, log, attach)
        .catch((error: unknown) => {
          live.state = 'stopped';
          log.error({ err: error }, 'the WhatsApp channel failed and stopped; the rest keeps running');
        })
        .finally(() => finish(live.state));
    },
    async send(chatId, message) {
      const socket = live.connection?.socket;
      // Throwing makes a confirmation job retry later, when the connection is back.
      if (!socket) throw new Error('whatsapp is not connected');
      await sendText(socket, chatId, message);
    },
    sender: {
      channel: 'whatsapp',
      images: true,
      deliver: (chatId, message) => deliverBroadcast(live.connection?.socket, chatId, message),
    },
    async stop() {
      live.stopping = true;
      live.abort.abort();
      await live.connection?.stop();
      await inbound.settled();
      await lifecycle;
      if (live.state !== 'unpaired' && !['logged-out', 'replaced', 'forbidden'].includes(live.state)) {
        live.state = 'stopped';
      }
      log.info('whatsapp channel stopped');
    },
  };
}

/** A broadcast message (an image with its caption, or text); every failure is a transient DeliveryError. */
async function deliverBroadcast(
  socket: WhatsappSocket | null | undefined,
  chatId: string,
  message: OutboundMessage,
): Promise<void> {
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
}

/** Holds the lease and runs connections until the channel ends or stops. */
async function runNumber(
  live: Live,
  options: WhatsappAdapterOptions,
  log: Logger,
  attach: (socket: WhatsappSocket) => void,
): Promise<void> {
  const auth = await loadAuthState(options.authStore);
  if (!auth.paired) {
    live.state = 'unpaired';
    log.warn(
      'WhatsApp is not paired yet: run `seleksi whatsapp pair` (QR code, or --phone for a pairing code), then restart; the WhatsApp channel stops, the rest keeps running',
    );
    return;
  }
  options.lease.onLost(() => {
    log.warn('WhatsApp lease lost (renewal missed); closing the connection and waiting for it again');
    void live.connection?.stop();
  });
  while (!live.stopping) {
    live.state = 'waiting';
    try {
      await options.lease.acquire({
        signal: live.abort.signal,
        onWait: (holder) =>
          log.warn({ holder }, 'WhatsApp number is in use by another process; waiting for it to stop'),
      });
    } catch {
      return; // stopped while waiting
    }
    live.state = 'connecting';
    live.connection = createConnection({
      makeSocket: options.makeSocket,
      auth,
      logger: log,
      onSocket: attach,
      onOpen: () => {
        live.state = 'open';
      },
      onClose: () => {
        live.state = 'connecting';
      },
      backoff: options.backoff,
    });
    const reason = await live.connection.run();
    live.connection = null;
    await options.lease.release();
    if (reason === 'stopped') continue; // stopping, or the lease was lost: wait for it again
    live.state = reason;
    log.error(END_LINES[reason]);
    if (reason === 'logged-out') await auth.clear();
    return;
  }
}
