import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { makeWASocket } from '@whiskeysockets/baileys';

/**
 * The socket contract (PRODUCT.md §5): the channel builds its connection with Baileys' `makeWASocket`,
 * or, when `WHATSAPP_SOCKET_MODULE` is set (tests and simulations only), with the default export of
 * that ES module — same signature, a socket of the same shape. The channel uses only the members
 * below, so a stand-in needs only these.
 */

/** Baileys' `makeWASocket`, or a stand-in with the same signature. */
export type SocketFactory = typeof makeWASocket;

/** The members of a Baileys socket the channel uses. */
export type WhatsappSocket = Pick<
  ReturnType<SocketFactory>,
  | 'ev'
  | 'sendMessage'
  | 'user'
  | 'end'
  | 'logout'
  | 'requestPairingCode'
  | 'sendPresenceUpdate'
  | 'readMessages'
> &
  /** Asked for a fresh media URL when a download finds the old one expired (Baileys has it). */
  Partial<Pick<ReturnType<SocketFactory>, 'updateMediaMessage'>>;

/** WHATSAPP_SOCKET_MODULE does not give a usable factory. */
export class SocketModuleError extends Error {
  override name = 'SocketModuleError';
}

/**
 * The socket factory: Baileys' own, or the default export of `modulePath` (a path or file URL,
 * relative to the working directory). Baileys is loaded only here, so a process without WhatsApp never
 * loads it.
 */
export async function loadSocketFactory(modulePath?: string): Promise<SocketFactory> {
  if (!modulePath) return (await import('@whiskeysockets/baileys')).makeWASocket;
  const url = modulePath.startsWith('file:') ? modulePath : pathToFileURL(resolve(modulePath)).href;
  let loaded: { default?: unknown };
  try {
    loaded = (await import(url)) as { default?: unknown };
  } catch (error) {
    throw new SocketModuleError(
      `WHATSAPP_SOCKET_MODULE ${modulePath} cannot be loaded: ${(error as Error).message}`,
    );
  }
  if (typeof loaded.default !== 'function') {
    throw new SocketModuleError(`WHATSAPP_SOCKET_MODULE ${modulePath} has no default export function`);
  }
  return loaded.default as SocketFactory;
}

/** The HTTP-like status of a Baileys disconnect error (a Boom's output.statusCode), if any. */
export function disconnectStatus(error: unknown): number | undefined {
  const status = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The auth state's account name of the deployment's number (whatsapp_auth.account). */
export const WHATSAPP_ACCOUNT = 'default';

/** The Redis key of the number's lease: one process holds its connection (see src/queue/lease.ts). */
export function whatsappLeaseKey(queuePrefix: string, account = WHATSAPP_ACCOUNT): string {
  return `${queuePrefix}:whatsapp:${account}:lease`;
}
