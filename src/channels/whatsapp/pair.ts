import type { Logger } from 'pino';
import type { WhatsappAuthStore } from '../../db/whatsapp-auth.ts';
import type { NumberLease } from './adapter.ts';
import { loadAuthState } from './auth-state.ts';
import { createConnection, type EndReason } from './connection.ts';
import type { SocketFactory } from './socket.ts';

/** Options of {@link pairNumber}. */
export interface PairOptions {
  makeSocket: SocketFactory;
  authStore: WhatsappAuthStore;
  lease: NumberLease;
  logger: Logger;
  /** Pair by code for this phone (digits, 62…) instead of a QR code. */
  phone?: string;
  /** A QR code to show (a new one about every 20 s until one is scanned). */
  onQr?(qr: string): void;
  /** The code to type on the phone: WhatsApp → Linked devices → Link with phone number. */
  onPairingCode?(code: string): void;
  /** Another process holds the number: told once while waiting for it. */
  onWait?(holder: string): void;
  /** Pair again even when the stored state says the number is paired (its device was removed). */
  force?: boolean;
  /** Give up after this long. @defaultValue 5 minutes */
  timeoutMs?: number;
}

/** How a pairing ended. */
export type PairResult = { status: 'paired' | 'already'; account: string };

/** The pairing did not complete. */
export class PairError extends Error {
  override name = 'PairError';
}

/**
 * Pairs the number: holds its lease, connects with fresh credentials, shows QR codes (or asks for a
 * pairing code for `phone`) and returns once WhatsApp opened the connection as the paired device — the
 * credentials and keys are then in Postgres, and `seleksi start` uses them. A number that is already
 * paired is left alone. Completing it needs WhatsApp's servers and the phone.
 */
export async function pairNumber(options: PairOptions): Promise<PairResult> {
  let auth = await loadAuthState(options.authStore);
  if (auth.paired && !options.force) return { status: 'already', account: auth.state.creds.me?.id ?? '' };
  await options.lease.acquire({ ...(options.onWait ? { onWait: options.onWait } : {}) });
  try {
    // Leftovers of an unfinished pairing (a requested code) would confuse WhatsApp: start clean.
    await auth.clear();
    auth = await loadAuthState(options.authStore);
    let opened!: () => void;
    const open = new Promise<'open'>((resolve) => {
      opened = () => resolve('open');
    });
    const connection = createConnection({
      makeSocket: options.makeSocket,
      auth,
      logger: options.logger,
      ...(options.phone ? { pairingPhone: options.phone.replace(/\D/g, '') } : {}),
      ...(options.onQr ? { onQr: options.onQr } : {}),
      ...(options.onPairingCode ? { onPairingCode: options.onPairingCode } : {}),
      onOpen: () => opened(),
    });
    const running = connection.run();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 300_000);
    });
    let outcome: 'open' | 'timeout' | EndReason;
    try {
      outcome = await Promise.race([open, running, timeout]);
    } finally {
      clearTimeout(timer);
      await connection.stop();
      await running.catch(() => undefined);
    }
    if (outcome === 'open') return { status: 'paired', account: auth.state.creds.me?.id ?? '' };
    throw new PairError(
      outcome === 'timeout'
        ? 'WhatsApp tidak tertaut dalam batas waktu (the number was not paired in time)'
        : `WhatsApp menolak penautan: ${outcome} (pairing refused)`,
    );
  } finally {
    await options.lease.release();
  }
}
