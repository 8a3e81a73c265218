/**
 * The Bot API emulator's flood limits (as Telegram's: about `perSecond` messages a second overall, a
 * token bucket holding one second's worth, and `perChatPerSecond` to one chat), and its parsing of
 * uploads. See telegram-emulator.ts.
 */

type Json = Record<string, unknown>;

/** A 429 the emulator answered. */
export interface LimitHit {
  /** performance.now() of the refused call. */
  at: number;
  chat_id: string;
  scope: 'global' | 'chat';
  retry_after: number;
}

/** The flood limits' state: the overall bucket and each chat's last message. */
export class FloodLimits {
  readonly #lastToChat = new Map<string, number>();
  #tokens = 0;
  #tokensAt = 0;

  /** Starts a full bucket at the next message (after the limits changed). */
  reset(): void {
    this.#tokensAt = 0;
  }

  /** Null when a message to `chat` may go now (and counts it), else the 429 to answer. */
  check(
    chat: string,
    now: number,
    limits: { perSecond: number; perChatPerSecond?: number },
  ): LimitHit | null {
    const chatGap = 1000 / (limits.perChatPerSecond ?? 1);
    const tooMany = (scope: LimitHit['scope'], waitMs: number): LimitHit => ({
      at: now,
      chat_id: chat,
      scope,
      retry_after: Math.max(1, Math.ceil(waitMs / 1000)),
    });
    const last = this.#lastToChat.get(chat);
    if (last !== undefined && now - last < chatGap) return tooMany('chat', chatGap - (now - last));
    if (this.#tokensAt === 0) {
      this.#tokens = limits.perSecond;
      this.#tokensAt = now;
    }
    this.#tokens = Math.min(
      limits.perSecond,
      this.#tokens + ((now - this.#tokensAt) * limits.perSecond) / 1000,
    );
    this.#tokensAt = now;
    if (this.#tokens < 1) return tooMany('global', ((1 - this.#tokens) * 1000) / limits.perSecond);
    this.#tokens -= 1;
    this.#lastToChat.set(chat, now);
    return null;
  }
}

/** The most timestamps (ascending) within any `windowMs`. */
export function maxInWindow(at: readonly number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < at.length; end++) {
    while (at[end]! - at[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** The fields of a multipart/form-data body: text parts as strings, file parts as `{ upload: bytes }`. */
export function parseMultipart(body: Buffer, contentType: string): Json {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const delimiter = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  const out: Json = {};
  for (const part of body.toString('latin1').split(delimiter).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    if (!name) continue;
    out[name] = /filename=/.test(headers)
      ? { upload: Buffer.byteLength(value, 'latin1') }
      : Buffer.from(value, 'latin1').toString('utf8');
  }
  return out;
}
