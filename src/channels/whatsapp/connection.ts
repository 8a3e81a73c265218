import { setTimeout as sleep } from 'node:timers/promises';
import { type BaileysEventMap, DisconnectReason, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { StoredAuthState } from './auth-state.ts';
import { disconnectStatus, type SocketFactory, type WhatsappSocket } from './socket.ts';

/**
 * The life of one WhatsApp connection: a socket is made, and made again after it closes — at once
 * when WhatsApp asks for a restart (it does after every pairing), after a growing pause when the
 * connection dropped — until the process stops it or WhatsApp ends it for good (logged out, the
 * session taken by another client, forbidden).
 */

/** Why a connection ended for good. */
export type EndReason = 'stopped' | 'logged-out' | 'replaced' | 'forbidden';

/** Options of {@link createConnection}. */
export interface ConnectionOptions {
  makeSocket: SocketFactory;
  auth: StoredAuthState;
  logger: Logger;
  /** A new socket was made: attach the message listeners to it. */
  onSocket?(socket: WhatsappSocket): void;
  /** The connection is open (again). */
  onOpen?(socket: WhatsappSocket): void;
  /** The connection closed (with WhatsApp's status code); a reconnect may follow. */
  onClose?(status: number | undefined): void;
  /** WhatsApp offered a QR code to pair with (unpaired only; a new one every ~20 s). */
  onQr?(qr: string): void;
  /** Pair by code for this phone (digits, country code first) instead of a QR code. */
  pairingPhone?: string;
  /** The pairing code to type on the phone (after `pairingPhone`). */
  onPairingCode?(code: string): void;
  /**
   * Pause before reconnecting after a dropped connection: from `initialMs`, doubling up to `maxMs`,
   * with jitter. @defaultValue `{ initialMs: 1000, maxMs: 60000 }`
   */
  backoff?: { initialMs: number; maxMs: number };
}

/** A running connection. */
export interface WhatsappConnection {
  /** Connects and keeps reconnecting; resolves with why it ended. */
  run(): Promise<EndReason>;
  /** Ends the connection (the socket is closed, not logged out). */
  stop(): Promise<void>;
  /** The socket while the connection is open, else null. */
  readonly socket: WhatsappSocket | null;
}

/** What a close means for the next step. */
function classify(status: number | undefined): EndReason | 'restart' | 'retry' {
  switch (status) {
    case DisconnectReason.loggedOut:
      return 'logged-out';
    case DisconnectReason.connectionReplaced:
      return 'replaced';
    case DisconnectReason.forbidden:
      return 'forbidden';
    case DisconnectReason.restartRequired:
      return 'restart';
    default:
      return 'retry';
  }
}

/** Creates a connection; nothing connects before run(). */
export function createConnection(options: ConnectionOptions): WhatsappConnection {
  return new Connection(options);
}

/** The pause before the next try after a close (0 for a restart WhatsApp asked for). */
function reconnectDelay(
  next: 'restart' | 'retry',
  attempt: number,
  backoff: { initialMs: number; maxMs: number },
) {
  if (next === 'restart') return 0;
  return Math.round(Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt) * (0.5 + Math.random() / 2));
}

class Connection implements WhatsappConnection {
  private readonly log: Logger;
  /** Baileys logs every frame at debug/trace; only its warnings belong in the app's log. */
  private readonly baileysLogger: Logger;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly abort = new AbortController();
  private current: WhatsappSocket | null = null;
  private open: WhatsappSocket | null = null;
  private stopped = false;
  private attempt = 0;

  constructor(private readonly options: ConnectionOptions) {
    this.log = options.logger;
    this.baileysLogger = this.log.child({ module: 'baileys' }, { level: 'warn' });
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 60_000 };
  }

  get socket(): WhatsappSocket | null {
    return this.open;
  }

  async run(): Promise<EndReason> {
    while (!this.stopped) {
      const status = await this.connectOnce();
      this.current = null;
      if (this.stopped) break;
      const next = classify(status);
      if (next !== 'restart' && next !== 'retry') return next;
      const delay = reconnectDelay(next, this.attempt, this.backoff);
      if (next === 'retry') this.attempt++;
      if (next === 'restart') this.log.info({ status }, 'whatsapp restart required; reconnecting');
      else this.log.warn({ status, delayMs: delay }, 'whatsapp connection closed; reconnecting');
      await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
    return 'stopped';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    const socket = this.current;
    if (!socket) return;
    // end() emits the close, which resolves connectOnce and lets run() return.
    const closed = new Promise<void>((resolve) => {
      socket.ev.on('connection.update', (u) => {
        if (u.connection === 'close') resolve();
      });
    });
    socket.end(undefined);
    await Promise.race([closed, sleep(5000)]);
  }

  /** One socket, from creation to its close; resolves with the close's status code. */
  private connectOnce(): Promise<number | undefined> {
    const { state } = this.options.auth;
    const socket: WhatsappSocket = this.options.makeSocket({
      auth: {
        creds: state.creds,
        keys: makeCacheableSignalKeyStore(state.keys, this.baileysLogger as never),
      },
      logger: this.baileysLogger as never,
      markOnlineOnConnect: false, // the phone keeps its notifications
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false, // old messages are never answered anyway
    });
    this.current = socket;
    return new Promise((resolve) => this.watch(socket, resolve));
  }

  /** Follows the socket's creds and connection updates until it closes. */
  private watch(socket: WhatsappSocket, closed: (status: number | undefined) => void): void {
    const { options, log } = this;
    let pairingAsked = false;
    const onCreds = () => {
      options.auth
        .saveCreds()
        .catch((error: unknown) => log.error({ err: error }, 'saving WhatsApp creds failed'));
    };
    const onUpdate = (update: BaileysEventMap['connection.update']) => {
      if (update.qr && options.pairingPhone && !pairingAsked) {
        pairingAsked = true;
        socket
          .requestPairingCode(options.pairingPhone)
          .then((code) => options.onPairingCode?.(code))
          .catch((error: unknown) => log.error({ err: error }, 'requesting a pairing code failed'));
      } else if (update.qr && !options.pairingPhone) options.onQr?.(update.qr);
      if (update.connection === 'open') {
        this.open = socket;
        this.attempt = 0;
        log.info({ me: socket.user?.id }, 'whatsapp connection open');
        options.onOpen?.(socket);
      }
      if (update.connection === 'close') {
        this.open = null;
        socket.ev.off('creds.update', onCreds);
        socket.ev.off('connection.update', onUpdate);
        const status = disconnectStatus(update.lastDisconnect?.error);
        options.onClose?.(status);
        closed(status);
      }
    };
    socket.ev.on('creds.update', onCreds);
    socket.ev.on('connection.update', onUpdate);
    options.onSocket?.(socket);
  }
}
