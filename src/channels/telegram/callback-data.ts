import { createHash } from 'node:crypto';

/** Telegram's limit on callback_data. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Tokens longer than this are replaced by a short hash so `key:index` always fits in 64 bytes. */
const MAX_TOKEN_BYTES = 48;

/** What a button press carries: the question it belonged to and the option's position. */
export interface CallbackPayload {
  /** The question token, or `#<hash>` when the token was too long to carry. */
  key: string;
  index: number;
}

/** The key a question token travels as inside callback_data. */
export function tokenKey(token: string | undefined): string {
  const value = token ?? '';
  if (Buffer.byteLength(value) <= MAX_TOKEN_BYTES && !value.startsWith('#')) return value;
  return `#${createHash('sha1').update(value).digest('base64url').slice(0, 20)}`;
}

/** Encodes a button's callback_data: `<token key>:<index>` (≤ 64 bytes). */
export function encodeCallbackData(token: string | undefined, index: number): string {
  return `${tokenKey(token)}:${index}`;
}

/** Parses callback_data made by {@link encodeCallbackData}; null for anything else (old or forged data). */
export function decodeCallbackData(data: string | undefined): CallbackPayload | null {
  if (!data || Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) return null;
  const at = data.lastIndexOf(':');
  if (at < 0) return null;
  const indexText = data.slice(at + 1);
  if (!/^\d{1,3}$/.test(indexText)) return null;
  return { key: data.slice(0, at), index: Number(indexText) };
}
