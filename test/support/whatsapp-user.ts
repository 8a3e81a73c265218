/**
 * A person writing to the bot on WhatsApp (see whatsapp-emulator.ts). Reads only the bot's messages
 * to them; sends what a phone sends (text, a quoted reply, a photo, a document, a sticker) as
 * WAMessages. Choices are numbered options on WhatsApp, so `press` types the option's number.
 */
import type { SentWhatsapp, WhatsappEmulator } from './whatsapp-emulator.ts';

type Json = Record<string, unknown>;

export class WhatsappUser {
  readonly jid: string;
  #listeners = new Set<() => void>();
  #read = 0;

  constructor(
    readonly emulator: WhatsappEmulator,
    readonly phone: string,
    readonly firstName: string,
  ) {
    this.jid = `${phone}@s.whatsapp.net`;
  }

  get messages(): SentWhatsapp[] {
    return this.emulator.messagesTo(this.jid);
  }

  get transcript(): string {
    return this.messages.map((m) => m.text).join('\n---\n');
  }

  notify(): void {
    for (const l of this.#listeners) l();
  }

  /** One WAMessage from this person (a fresh key), delivered as messages.upsert notify. */
  message(content: Json, extra: Json = {}): Json {
    const message = {
      key: { remoteJid: this.jid, fromMe: false, id: this.emulator.messageId() },
      messageTimestamp: Math.floor(Date.now() / 1000),
      pushName: this.firstName,
      message: content,
      ...extra,
    };
    this.emulator.upsert([message]);
    return message;
  }

  send(text: string): Json {
    return this.message({ conversation: text });
  }

  /** A reply quoting the bot's latest message (an extendedTextMessage with contextInfo). */
  reply(text: string): Json {
    const quoted = this.messages.at(-1);
    return this.message({
      extendedTextMessage: {
        text,
        contextInfo: {
          stanzaId: 'BOT-MSG',
          participant: `${this.emulator.botNumber}@s.whatsapp.net`,
          quotedMessage: { conversation: quoted?.text ?? '' },
        },
      },
    });
  }

  sendSticker(): void {
    this.message({ stickerMessage: { mimetype: 'image/webp', fileLength: 100 } });
  }

  /** A photo whose bytes are `Photo <fileId>` (encrypted and served by the emulator). */
  sendPhoto(fileId = 'PHOTO1', caption?: string): void {
    void this.emulator
      .media(Buffer.from(`Photo ${fileId}`), 'image')
      .then((media) =>
        this.message({ imageMessage: { mimetype: 'image/jpeg', ...(caption ? { caption } : {}), ...media } }),
      );
  }

  sendDocument(fileId = 'DOC1', fileName = 'rekomendasi.pdf', caption?: string): void {
    void this.emulator.media(Buffer.from(`%PDF ${fileId}`), 'document').then((media) =>
      this.message({
        documentMessage: { mimetype: 'application/pdf', fileName, ...(caption ? { caption } : {}), ...media },
      }),
    );
  }

  /** Types the number of the option containing `label` in the bot's latest numbered list. */
  press(label: string | RegExp): void {
    const withOptions = [...this.messages].reverse().find((m) => /^1\. /m.test(m.text));
    if (!withOptions) throw new Error(`${this.firstName}: no numbered options to pick "${String(label)}"`);
    const options = [...withOptions.text.matchAll(/^(\d+)\. (.*)$/gm)];
    const hit = options.find((o) => (typeof label === 'string' ? o[2]!.includes(label) : label.test(o[2]!)));
    if (!hit) {
      throw new Error(`${this.firstName}: no option "${String(label)}" in:\n${withOptions.text}`);
    }
    this.send(hit[1]!);
  }

  markRead(): void {
    this.#read = this.messages.length;
  }

  /** Waits until an unread bot message matches; returns the unread messages up to it. */
  async waitFor(pattern: RegExp | string, timeoutMs = 15_000): Promise<SentWhatsapp[]> {
    const test = (m: SentWhatsapp) =>
      typeof pattern === 'string' ? m.text.includes(pattern) : pattern.test(m.text);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const unread = this.messages.slice(this.#read);
      const at = unread.findIndex(test);
      if (at >= 0) {
        this.#read += at + 1;
        return unread.slice(0, at + 1);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${this.firstName} waited ${timeoutMs} ms for ${String(pattern)}; unread:\n${unread.map((m) => m.text).join('\n---\n') || '(none)'}`,
        );
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#listeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, 200);
        this.#listeners.add(done);
      });
    }
  }

  /** Sends text and waits for the next reply matching pattern. */
  async ask(text: string, pattern: RegExp | string = /[\s\S]/, timeoutMs?: number): Promise<SentWhatsapp[]> {
    this.markRead();
    this.send(text);
    return this.waitFor(pattern, timeoutMs);
  }
}
