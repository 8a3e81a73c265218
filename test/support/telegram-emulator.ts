/**
 * A small Telegram Bot API emulator on loopback for end-to-end tests and the bench: grammY talks to it
 * through `apiRoot`. It answers getMe, getUpdates (long poll), sendMessage, answerCallbackQuery,
 * setMyCommands, setWebhook/deleteWebhook/getWebhookInfo, getFile (+ the file download URL) and
 * editMessageReplyMarkup, and lets scripted users send text, press buttons, send stickers and photos.
 * Users read only what the bot sent them (EmulatedUser.messages). Faults can be injected per method
 * (`fail`): an error status with a JSON body (429 with retry_after, 5xx), a proxy's non-JSON error page,
 * or a dropped connection; a failed call is recorded in `calls` but has no effect.
 *
 * Like Telegram, it can enforce the flood limits on sending (`limits`): about `perSecond` messages a
 * second overall (a token bucket holding one second's worth) and one message a second per chat; a
 * message beyond either gets 429 with `parameters.retry_after` and is not delivered. A chat can block
 * the bot (403) or be unknown (400 chat not found). sendPhoto takes an upload (multipart) or a file_id.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FloodLimits, type LimitHit, maxInWindow, parseMultipart } from './telegram-flood.ts';

export type { LimitHit } from './telegram-flood.ts';

export interface SentMessage {
  message_id: number;
  chat_id: string;
  /** The text, or a photo's caption. */
  text: string;
  /** sendPhoto: the file_id the photo got (a new one for an upload, the one sent otherwise). */
  photo?: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
  /** performance.now() when the emulator received it. */
  at: number;
}

interface Waiter {
  resolve: () => void;
}

type Json = Record<string, unknown>;

/** What a failing Bot API call gets instead of its normal answer. */
export type Fault =
  /** This HTTP status with `{ ok: false, error_code: status, ...body }` (e.g. 429 + parameters.retry_after). */
  | { status: number; body?: Json }
  /** This HTTP status with a non-JSON body, as a proxy in front of the Bot API answers (502 Bad Gateway). */
  | { status: number; html: string }
  /** The connection is destroyed after the request was read, without any answer (a reset). */
  | { reset: true };

export interface EmulatorOptions {
  token?: string;
  botUsername?: string;
  /** Called for every sendMessage (the bench timestamps replies). */
  onSend?: (message: SentMessage) => void;
  /**
   * Keep messages per chat (tests read them); the bench turns this off, or keeps only some chats'.
   * @defaultValue true
   */
  record?: boolean | ((chatId: string) => boolean);
  /** Flood limits on sendMessage/sendPhoto, as Telegram's; none when unset. */
  limits?: { perSecond: number; perChatPerSecond?: number };
}

export class TelegramEmulator {
  readonly token: string;
  readonly botUsername: string;
  readonly calls: { method: string; params: Json }[] = [];
  readonly commands = new Map<string, Json[]>();
  webhook: { url: string; secret?: string } | null = null;
  readonly #server: Server;
  readonly #updates: Json[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #messages = new Map<string, SentMessage[]>();
  readonly #users = new Map<string, EmulatedUser>();
  readonly #faults: { method: string; fault: Fault }[] = [];
  readonly #options: EmulatorOptions;
  /** 429s answered because of `limits`. */
  readonly limitHits: LimitHit[] = [];
  /** performance.now() of every message delivered (sendMessage/sendPhoto), in order. */
  readonly deliveredAt: number[] = [];
  readonly #blocked = new Set<string>();
  readonly #unknown = new Set<string>();
  readonly #flood = new FloodLimits();
  #nextFileId = 1;
  #nextUpdateId = 1000;
  #nextMessageId = 1;
  #port = 0;

  constructor(options: EmulatorOptions = {}) {
    this.#options = options;
    this.token = options.token ?? '123456:TEST-token';
    this.botUsername = options.botUsername ?? 'SeleksiTestBot';
    this.#server = createServer((req, res) => {
      this.#route(req, res).catch((error: unknown) => {
        this.#reply(res, 500, { ok: false, error_code: 500, description: String(error) });
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.#waiters) w.resolve();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The next call of `method` fails with this status and error body (e.g. 429 with retry_after). */
  failNext(method: string, status: number, body: Json): void {
    this.fail(method, { status, body });
  }

  /** The next `times` calls of `method` fail with `fault` (queued after faults already set for it). */
  fail(method: string, fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.#faults.push({ method, fault });
  }

  /** Faults set with fail()/failNext() that no call has used yet. */
  pendingFaults(method?: string): number {
    return this.#faults.filter((f) => method === undefined || f.method === method).length;
  }

  /** The person of this chat blocked the bot: sending to it answers 403. */
  block(chatId: string | number): void {
    this.#blocked.add(String(chatId));
  }

  /** The chat does not exist (deleted account): sending to it answers 400 chat not found. */
  forget(chatId: string | number): void {
    this.#unknown.add(String(chatId));
  }

  /** Changes the flood limits (e.g. for a paid broadcast at 1,000 messages a second). */
  setLimits(limits: EmulatorOptions['limits']): void {
    this.#options.limits = limits;
    this.#flood.reset();
  }

  /** The most messages delivered within any `windowMs` (the pace the bot kept). */
  maxInWindow(windowMs = 1000): number {
    return maxInWindow(this.deliveredAt, windowMs);
  }

  /** A scripted user chatting privately with the bot (chat id = user id). */
  user(id: number, firstName: string, languageCode = 'id'): EmulatedUser {
    const key = String(id);
    let user = this.#users.get(key);
    if (!user) {
      user = new EmulatedUser(this, id, firstName, languageCode);
      this.#users.set(key, user);
    }
    return user;
  }

  messagesTo(chatId: string | number): SentMessage[] {
    return this.#messages.get(String(chatId)) ?? [];
  }

  /** Queues an update for getUpdates (or POSTs it to the webhook when one is set). Returns its id. */
  pushUpdate(update: Json): number {
    const id = this.#nextUpdateId++;
    const full = { update_id: id, ...update };
    if (this.webhook) {
      void this.#postWebhook(full);
    } else {
      this.#updates.push(full);
      for (const w of this.#waiters) w.resolve();
    }
    return id;
  }

  async #postWebhook(update: Json): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.webhook?.secret) headers['x-telegram-bot-api-secret-token'] = this.webhook.secret;
    await fetch(this.webhook!.url, { method: 'POST', headers, body: JSON.stringify(update) }).catch(
      () => undefined,
    );
  }

  #reply(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async #params(req: IncomingMessage, url: URL, chunks: Buffer[]): Promise<Json> {
    const raw = Buffer.concat(chunks).toString('utf8');
    const params: Json = Object.fromEntries(url.searchParams);
    if (raw.length === 0) return params;
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/json')) return { ...params, ...(JSON.parse(raw) as Json) };
    if (type.includes('x-www-form-urlencoded'))
      return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
    if (type.includes('multipart/form-data'))
      return { ...params, ...parseMultipart(Buffer.concat(chunks), type) };
    return params;
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const bytes = Buffer.from(`fake file ${file[2]}`);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match || match[1] !== this.token) {
      this.#reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const method = match[2]!;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params = await this.#params(req, url, chunks);
    if (method !== 'getUpdates') this.calls.push({ method, params });
    const at = this.#faults.findIndex((f) => f.method === method);
    if (at >= 0) {
      const { fault } = this.#faults.splice(at, 1)[0]!;
      if ('reset' in fault) req.socket.destroy();
      else if ('html' in fault) {
        res.writeHead(fault.status, {
          'content-type': 'text/html',
          'content-length': Buffer.byteLength(fault.html),
        });
        res.end(fault.html);
      } else this.#reply(res, fault.status, { ok: false, error_code: fault.status, ...fault.body });
      return;
    }
    const refusal = method === 'sendMessage' || method === 'sendPhoto' ? this.#refuse(params) : null;
    if (refusal) {
      this.#reply(res, refusal.error_code as number, refusal);
      return;
    }
    const result = await this.#call(method, params, req);
    if (result === undefined) {
      this.#reply(res, 404, {
        ok: false,
        error_code: 404,
        description: `Not Found: method ${method} not found`,
      });
      return;
    }
    this.#reply(res, 200, { ok: true, result });
  }

  async #call(method: string, p: Json, req: IncomingMessage): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return {
          id: Number(this.token.split(':')[0]),
          is_bot: true,
          first_name: 'Seleksi',
          username: this.botUsername,
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'getUpdates':
        return this.#getUpdates(p, req);
      case 'sendMessage':
        return this.#sendMessage(p);
      case 'sendPhoto':
      case 'sendDocument':
        return this.#sendMessage(p);
      case 'answerCallbackQuery':
      case 'setMyCommands':
        if (method === 'setMyCommands') {
          this.commands.set(String(p.language_code ?? ''), p.commands as Json[]);
        }
        return true;
      case 'setWebhook':
        this.webhook = { url: String(p.url), secret: p.secret_token as string | undefined };
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      case 'getFile':
        return {
          file_id: p.file_id,
          file_unique_id: `u${String(p.file_id)}`,
          file_size: 20,
          file_path: `photos/${String(p.file_id)}.jpg`,
        };
      case 'editMessageReplyMarkup': {
        const chat = this.#messages.get(String(p.chat_id)) ?? [];
        const message = chat.find((m) => m.message_id === Number(p.message_id));
        if (message) message.reply_markup = p.reply_markup as SentMessage['reply_markup'];
        return true;
      }
      default:
        return undefined;
    }
  }

  async #getUpdates(p: Json, req: IncomingMessage): Promise<Json[]> {
    const offset = Number(p.offset ?? 0);
    const limit = Number(p.limit ?? 100) || 100;
    const timeout = Number(p.timeout ?? 0);
    // Confirmed updates (below offset) are forgotten, as Telegram does.
    while (this.#updates.length > 0 && Number(this.#updates[0]!.update_id) < offset) this.#updates.shift();
    if (this.#updates.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = {
          resolve: () => {
            clearTimeout(timer);
            this.#waiters.delete(waiter);
            resolve();
          },
        };
        const timer = setTimeout(waiter.resolve, timeout * 1000);
        this.#waiters.add(waiter);
        req.once('close', waiter.resolve);
      });
    }
    return this.#updates.filter((u) => Number(u.update_id) >= offset).slice(0, limit);
  }

  /** A blocked or unknown chat, or a message over the flood limits: the error body; else null. */
  #refuse(p: Json): Json | null {
    const chat = String(p.chat_id);
    if (this.#blocked.has(chat))
      return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    if (this.#unknown.has(chat))
      return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
    const limits = this.#options.limits;
    if (!limits) return null;
    const hit = this.#flood.check(chat, performance.now(), limits);
    if (!hit) return null;
    this.limitHits.push(hit);
    return {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${hit.retry_after}`,
      parameters: { retry_after: hit.retry_after },
    };
  }

  #sendMessage(p: Json): Json {
    // An upload comes as a file part, named by `attach://<part>` (grammY) or as the field itself.
    const upload = typeof p.photo === 'object' || String(p.photo).startsWith('attach://');
    const photo =
      p.photo === undefined ? undefined : upload ? `PHOTO-${this.#nextFileId++}` : String(p.photo);
    const message: SentMessage = {
      message_id: this.#nextMessageId++,
      chat_id: String(p.chat_id),
      text: String(p.text ?? p.caption ?? ''),
      ...(photo ? { photo } : {}),
      reply_markup: p.reply_markup as SentMessage['reply_markup'],
      at: performance.now(),
    };
    this.deliveredAt.push(message.at);
    const record = this.#options.record ?? true;
    if (typeof record === 'function' ? record(message.chat_id) : record) {
      const list = this.#messages.get(message.chat_id) ?? [];
      list.push(message);
      this.#messages.set(message.chat_id, list);
      this.#users.get(message.chat_id)?.notify();
    }
    this.#options.onSend?.(message);
    return {
      message_id: message.message_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: 'private' },
      from: { id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Seleksi' },
      ...(photo
        ? {
            photo: [{ file_id: photo, file_unique_id: `u${photo}`, width: 900, height: 300 }],
            caption: message.text,
          }
        : { text: message.text }),
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
    };
  }
}

/** A person in a private chat with the bot. Reads only the bot's messages to them. */
export class EmulatedUser {
  /** Index of the first message not yet returned by nextReply(). */
  #read = 0;
  #listeners = new Set<() => void>();

  constructor(
    readonly emulator: TelegramEmulator,
    readonly id: number,
    readonly firstName: string,
    readonly languageCode: string,
  ) {}

  get messages(): SentMessage[] {
    return this.emulator.messagesTo(this.id);
  }

  /** All texts the bot sent this user, joined (for assertions). */
  get transcript(): string {
    return this.messages.map((m) => m.text).join('\n---\n');
  }

  notify(): void {
    for (const l of this.#listeners) l();
  }

  #from(): Json {
    return { id: this.id, is_bot: false, first_name: this.firstName, language_code: this.languageCode };
  }

  #message(extra: Json): number {
    return this.emulator.pushUpdate({
      message: {
        message_id: Math.floor(Math.random() * 1e9),
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: 'private', first_name: this.firstName },
        from: this.#from(),
        ...extra,
      },
    });
  }

  /** Sends a text; returns the update_id. */
  send(text: string): number {
    return this.#message({ text, ...(text.startsWith('/') ? { entities: commandEntity(text) } : {}) });
  }

  sendSticker(): number {
    return this.#message({
      sticker: {
        file_id: 'STICKER1',
        file_unique_id: 'S1',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    });
  }

  sendPhoto(fileId = 'PHOTO1', caption?: string): number {
    return this.#message({
      photo: [
        { file_id: `${fileId}-small`, file_unique_id: `${fileId}s`, width: 90, height: 90 },
        { file_id: fileId, file_unique_id: `${fileId}u`, width: 800, height: 800 },
      ],
      ...(caption ? { caption } : {}),
    });
  }

  sendDocument(fileId = 'DOC1', fileName = 'rekomendasi.pdf', caption?: string): number {
    return this.#message({
      document: {
        file_id: fileId,
        file_unique_id: `${fileId}u`,
        file_name: fileName,
        mime_type: 'application/pdf',
      },
      ...(caption ? { caption } : {}),
    });
  }

  /** Presses the button whose label contains `label` (or matches it) on the bot's latest message with buttons. */
  press(label: string | RegExp): number {
    const withButtons = [...this.messages].reverse().find((m) => m.reply_markup?.inline_keyboard?.length);
    if (!withButtons)
      throw new Error(`${this.firstName}: no message with buttons to press "${String(label)}"`);
    const buttons = withButtons.reply_markup!.inline_keyboard.flat();
    const button = buttons.find((b) =>
      typeof label === 'string' ? b.text.includes(label) : label.test(b.text),
    );
    if (!button) {
      throw new Error(
        `${this.firstName}: no button "${String(label)}" in [${buttons.map((b) => b.text).join(' | ')}]`,
      );
    }
    return this.emulator.pushUpdate({
      callback_query: {
        id: String(Math.floor(Math.random() * 1e12)),
        from: this.#from(),
        chat_instance: String(this.id),
        data: button.callback_data,
        message: {
          message_id: withButtons.message_id,
          date: Math.floor(Date.now() / 1000),
          chat: { id: this.id, type: 'private', first_name: this.firstName },
          text: withButtons.text,
          reply_markup: withButtons.reply_markup,
        },
      },
    });
  }

  /** Marks everything received so far as read. */
  markRead(): void {
    this.#read = this.messages.length;
  }

  /**
   * Waits until an unread bot message matches `pattern`; returns the unread messages up to and
   * including it and marks them read. Fails with the transcript when it does not come in time.
   */
  async waitFor(pattern: RegExp | string, timeoutMs = 15_000): Promise<SentMessage[]> {
    const test = (m: SentMessage) =>
      typeof pattern === 'string' ? m.text.includes(pattern) : pattern.test(m.text);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const unread = this.messages.slice(this.#read);
      const at = unread.findIndex(test);
      if (at >= 0) {
        this.#read += at + 1;
        return unread.slice(0, at + 1);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.firstName} waited ${timeoutMs} ms for ${String(pattern)}; unread:\n${unread.map((m) => m.text).join('\n---\n') || '(none)'}\n=== whole transcript:\n${this.transcript}`,
        );
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#listeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 500));
        this.#listeners.add(done);
      });
    }
  }

  /** Sends text and waits for the next reply matching pattern (default: any message). */
  async ask(text: string, pattern: RegExp | string = /[\s\S]/, timeoutMs?: number): Promise<SentMessage[]> {
    this.markRead();
    this.send(text);
    return this.waitFor(pattern, timeoutMs);
  }
}

function commandEntity(text: string): Json[] {
  const length = text.split(/\s/)[0]!.length;
  return [{ type: 'bot_command', offset: 0, length }];
}
