/**
 * A WhatsApp stand-in on loopback for the fake socket (fake-whatsapp-socket.ts, loaded through
 * WHATSAPP_SOCKET_MODULE with FAKE_WHATSAPP_URL = emulator.url). It pairs the bot's number (QR or
 * pairing code), opens connections, delivers what scripted people write (WhatsappUser) as Baileys'
 * `messages.upsert` WAMessages — photos and documents encrypted as WhatsApp does and served from
 * here — and records what the bot sends, its typing indicators and read receipts. Tests can drop the
 * connection, log the device out or replay raw upserts.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getMediaKeys } from '@whiskeysockets/baileys';
import { WhatsappUser } from './whatsapp-user.ts';

type Json = Record<string, unknown>;

/** A message the bot sent. */
export interface SentWhatsapp {
  jid: string;
  text: string;
  at: number;
}

interface Session {
  id: string;
  events: Json[];
  waiter: (() => void) | null;
  paired: boolean;
}

/** The emulator; `start()` it, pass `url` as FAKE_WHATSAPP_URL. */
export class WhatsappEmulator {
  readonly botNumber: string;
  readonly sent: SentWhatsapp[] = [];
  readonly presence: { jid: string; type: string }[] = [];
  readonly reads: Json[] = [];
  /** Every /connect: was the device paired, and did its keys come back from the auth store. */
  readonly connects: { paired: boolean; keysFound: number }[] = [];
  readonly pairingCodes: { phone: string; code: string }[] = [];
  /** QR codes offered (unpaired connections). */
  readonly qrs: string[] = [];
  /** Open a paired connection at once (else tests call open()). @defaultValue true */
  autoOpen = true;
  /** Fail sendPresenceUpdate (a cosmetic call) with HTTP 500. */
  failPresence = false;
  readonly #server: Server;
  readonly #sessions = new Map<string, Session>();
  readonly #media = new Map<string, Buffer>();
  readonly #users = new Map<string, WhatsappUser>();
  #current: Session | null = null;
  #nextSession = 1;
  #nextId = 1;
  #port = 0;

  constructor(botNumber = '6281100000001') {
    this.botNumber = botNumber;
    this.#server = createServer((req, res) => {
      this.#route(req, res).catch((error: unknown) => this.#json(res, 500, { error: String(error) }));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.#sessions.values()) s.waiter?.();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** A person writing from `phone` (digits, 62…). */
  user(phone: string, name: string): WhatsappUser {
    let user = this.#users.get(phone);
    if (!user) {
      user = new WhatsappUser(this, phone, name);
      this.#users.set(phone, user);
    }
    return user;
  }

  /** The bot's messages to a chat. */
  messagesTo(jid: string): SentWhatsapp[] {
    return this.sent.filter((m) => m.jid === jid);
  }

  /** The phone scans the latest QR code: the device is paired (then WhatsApp asks for a restart). */
  scanQr(): void {
    this.#pair(false);
  }

  /** Opens the current connection (when autoOpen is off). */
  open(): void {
    if (this.#current) this.#push(this.#current, { type: 'open' });
  }

  /** The connection drops (default 428 connection closed; 515 restart required, 408 lost…). */
  drop(status = 428): void {
    const session = this.#current;
    if (!session) throw new Error('no connection to drop');
    this.#current = null;
    this.#push(session, { type: 'close', status });
  }

  /** The device is removed on the phone: the connection closes with 401 logged out. */
  logoutDevice(): void {
    this.drop(401);
  }

  /** Delivers raw WAMessages as one messages.upsert (type notify unless said otherwise). */
  upsert(messages: Json[], upsertType: 'notify' | 'append' = 'notify'): void {
    if (!this.#current) throw new Error('no open connection');
    this.#push(this.#current, { type: 'upsert', upsertType, messages });
  }

  /** A fresh message id, as WhatsApp makes them. */
  messageId(): string {
    return `3EB0${(this.#nextId++).toString(16).padStart(8, '0').toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`;
  }

  /** Encrypts `bytes` as WhatsApp media and serves it; returns the message fields pointing at it. */
  media(bytes: Buffer, type: 'image' | 'document'): Promise<Json> {
    const mediaKey = randomBytes(32);
    return getMediaKeys(mediaKey, type).then(({ iv, cipherKey, macKey }) => {
      const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
      const enc = Buffer.concat([cipher.update(bytes), cipher.final()]);
      const mac = createHmac('sha256', macKey!)
        .update(Buffer.concat([iv, enc]))
        .digest()
        .subarray(0, 10);
      const id = randomBytes(8).toString('hex');
      this.#media.set(id, Buffer.concat([enc, mac]));
      return {
        url: `${this.url}/media/${id}`,
        directPath: `/media/${id}`,
        mediaKey: { $bytes: mediaKey.toString('base64') },
        fileLength: bytes.length,
      };
    });
  }

  /** Makes the media behind a URL unavailable (a failed download). */
  breakMedia(): void {
    this.#media.clear();
  }

  #pair(byCode: boolean): void {
    const session = this.#current;
    if (!session) throw new Error('no connection to pair');
    this.#current = null;
    this.#push(session, {
      type: 'paired',
      me: `${this.botNumber}:7@s.whatsapp.net`,
      name: 'Seleksi',
      byCode,
    });
  }

  #push(session: Session, event: Json): void {
    session.events.push(event);
    session.waiter?.();
  }

  #json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname.startsWith('/media/')) {
      const bytes = this.#media.get(url.pathname.slice('/media/'.length));
      if (!bytes) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      const session = this.#sessions.get(url.searchParams.get('session') ?? '');
      if (!session) return this.#json(res, 404, []);
      if (session.events.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          session.waiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        session.waiter = null;
      }
      return this.#json(res, 200, session.events.splice(0));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Json;
    return this.#json(res, 200, this.#post(url.pathname, body));
  }

  #post(path: string, body: Json): Json {
    const session = this.#sessions.get(String(body.session));
    switch (path) {
      case '/connect': {
        const created: Session = {
          id: String(this.#nextSession++),
          events: [],
          waiter: null,
          paired: Boolean(body.paired),
        };
        this.#sessions.set(created.id, created);
        this.#current = created;
        this.connects.push({ paired: created.paired, keysFound: Number(body.keysFound ?? 0) });
        if (!created.paired) {
          const qr = `2@${randomBytes(12).toString('base64')},${randomBytes(8).toString('base64')},${created.id}`;
          this.qrs.push(qr);
          this.#push(created, { type: 'qr', qr });
        } else if (this.autoOpen) this.#push(created, { type: 'open' });
        return { session: created.id };
      }
      case '/send': {
        const content = body.content as { text?: string };
        const message = { jid: String(body.jid), text: content.text ?? '', at: performance.now() };
        this.sent.push(message);
        this.#users.get(message.jid.split('@')[0]!)?.notify();
        return { id: this.messageId() };
      }
      case '/presence':
        if (this.failPresence) throw new Error('presence refused');
        this.presence.push({ jid: String(body.jid), type: String(body.type) });
        return {};
      case '/read':
        this.reads.push(...(body.keys as Json[]));
        return {};
      case '/pairing-code': {
        const code = randomBytes(4).toString('hex').toUpperCase();
        this.pairingCodes.push({ phone: String(body.phone), code });
        // The person types the code on the phone a moment later.
        setTimeout(() => {
          if (session && this.#current === session) this.#pair(true);
        }, 50);
        return { code };
      }
      case '/disconnect':
      case '/logout':
        if (session && this.#current === session) this.#current = null;
        return {};
    }
    throw new Error(`unknown call ${path}`);
  }
}
