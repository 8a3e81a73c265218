/**
 * A stand-in for Baileys' `makeWASocket` (the WHATSAPP_SOCKET_MODULE contract, PRODUCT.md §5): same
 * signature, a socket of the same shape, Baileys' real event shapes (`connection.update`,
 * `creds.update`, `messages.upsert` with WAMessage objects). Behind it is no WhatsApp server but the
 * WhatsApp emulator of the test (whatsapp-emulator.ts) on loopback, reached at FAKE_WHATSAPP_URL (or
 * the URL given to createFakeSocketFactory): the socket long-polls it for events and posts what the
 * bot does (messages, typing, read receipts, pairing, logout). It uses the auth state it is given as
 * Baileys does: pairing writes creds and Signal keys through it, and a connection reads them back.
 */
import { EventEmitter } from 'node:events';
import type { makeWASocket } from '@whiskeysockets/baileys';

type Factory = typeof makeWASocket;
type Config = Parameters<Factory>[0];
type Json = Record<string, unknown>;

/** An error shaped like Baileys' Boom disconnect errors. */
class DisconnectError extends Error {
  readonly isBoom = true;
  readonly output: { statusCode: number };
  constructor(statusCode: number) {
    super(`Connection closed (${statusCode})`);
    this.output = { statusCode };
  }
}

/** JSON from the emulator back to Baileys' values: `{ $bytes: base64 }` becomes a Buffer. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    const record = value as Json;
    if (typeof record.$bytes === 'string') return Buffer.from(record.$bytes, 'base64');
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

function keyPair(seed: number) {
  return { public: Buffer.alloc(32, seed), private: Buffer.alloc(32, seed + 1) };
}

/** A socket factory talking to the emulator at `baseUrl`. */
export function createFakeSocketFactory(baseUrl: string): Factory {
  const factory = (config: Config) => {
    const auth = config.auth;
    const ev = new EventEmitter();
    const abort = new AbortController();
    let session = '';
    let closed = false;
    let user: { id: string; name?: string } | undefined;

    async function call(path: string, body: Json = {}): Promise<Json> {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session, ...body }),
        signal: abort.signal,
      });
      if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status}`);
      return (await res.json()) as Json;
    }

    function close(status: number): void {
      if (closed) return;
      closed = true;
      abort.abort();
      // The emulator learns that this connection is gone (the bot closed it, or it was told to).
      if (session) {
        void fetch(`${baseUrl}/disconnect`, { method: 'POST', body: JSON.stringify({ session }) }).catch(
          () => undefined,
        );
      }
      ev.emit('connection.update', {
        connection: 'close',
        lastDisconnect: { error: new DisconnectError(status), date: new Date() },
      });
    }

    async function pair(event: Json): Promise<void> {
      // What Baileys stores on a successful pairing: the account, the device identity and keys.
      const me = { id: String(event.me), name: String(event.name) };
      Object.assign(auth.creds, {
        me,
        account: {
          details: Buffer.from('device-details'),
          accountSignatureKey: Buffer.alloc(32, 7),
          accountSignature: Buffer.alloc(64, 8),
          deviceSignature: Buffer.alloc(64, 9),
        },
        platform: 'android',
        registered: Boolean(event.byCode),
      });
      await auth.keys.set({
        'pre-key': { '1': keyPair(1), '2': keyPair(3) },
        session: { [`${me.id.split('@')[0]}.0`]: Buffer.from('signal-session') },
      });
      ev.emit('creds.update', auth.creds);
      close(515); // WhatsApp asks for a restart after every pairing
    }

    async function handle(event: Json): Promise<void> {
      switch (event.type) {
        case 'qr':
          ev.emit('connection.update', { qr: event.qr });
          return;
        case 'paired':
          return pair(event);
        case 'open':
          user = { id: String(auth.creds.me?.id), name: auth.creds.me?.name ?? '' };
          ev.emit('connection.update', { connection: 'open', receivedPendingNotifications: true });
          return;
        case 'close':
          close(Number(event.status));
          return;
        case 'upsert':
          ev.emit('messages.upsert', { messages: revive(event.messages), type: event.upsertType });
          return;
      }
    }

    async function run(): Promise<void> {
      ev.emit('connection.update', { connection: 'connecting', receivedPendingNotifications: false });
      const paired = Boolean(auth.creds.me?.id && auth.creds.account);
      // A paired device proves its keys: the emulator is told whether they came back from the store.
      const keys = paired ? await auth.keys.get('pre-key', ['1', '2']) : {};
      const connected = await call('/connect', {
        paired,
        me: auth.creds.me?.id ?? null,
        keysFound: Object.keys(keys).length,
      });
      session = String(connected.session);
      while (!closed) {
        const res = await fetch(`${baseUrl}/events?session=${session}`, { signal: abort.signal });
        const events = (await res.json()) as Json[];
        for (const event of events) await handle(event);
      }
    }

    // The first events go out after the caller attached its listeners, as with Baileys.
    setImmediate(() => {
      run().catch(() => close(428)); // the emulator went away: connection closed
    });

    const socket = {
      ev,
      get user() {
        return user;
      },
      async sendMessage(jid: string, content: Json) {
        if (closed) throw new DisconnectError(428);
        const sent = await call('/send', { jid, content });
        return {
          key: { remoteJid: jid, fromMe: true, id: sent.id },
          message: { conversation: content.text },
        };
      },
      async sendPresenceUpdate(type: string, jid?: string) {
        await call('/presence', { type, jid });
      },
      async readMessages(keys: Json[]) {
        await call('/read', { keys });
      },
      async requestPairingCode(phone: string) {
        auth.creds.me = { id: `${phone}@s.whatsapp.net`, name: '~' };
        return String((await call('/pairing-code', { phone })).code);
      },
      async logout() {
        await call('/logout');
        close(401);
      },
      end(error: Error | undefined) {
        close((error as { output?: { statusCode?: number } })?.output?.statusCode ?? 428);
      },
    };
    return socket as unknown as ReturnType<Factory>;
  };
  return factory as unknown as Factory;
}

/** The WHATSAPP_SOCKET_MODULE entry point: the emulator at FAKE_WHATSAPP_URL. */
export default function makeFakeWASocket(config: Config): ReturnType<Factory> {
  const url = process.env.FAKE_WHATSAPP_URL;
  if (!url) throw new Error('FAKE_WHATSAPP_URL is not set (the WhatsApp emulator of the test)');
  return createFakeSocketFactory(url)(config);
}
