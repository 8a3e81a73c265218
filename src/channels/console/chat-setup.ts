import { userInfo } from 'node:os';
import type { PrismaClient } from '../../db/client.ts';
import { countAwaitingConfirmation } from '../../db/submission-watch.ts';

/** A dependency the chat needs is not there; the message says which and where. */
export class ChatSetupError extends Error {
  override name = 'ChatSetupError';
}

/** The OS user name, or a neutral fallback where none is known (containers). */
export function defaultChatUser(): string {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // no passwd entry for this uid
  }
  return process.env.USER?.trim() || 'console';
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ChatSetupError(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How the chat checks its services (the root supplies them). */
export interface ChatProbes {
  postgres(): Promise<void>;
  migrated(): Promise<boolean>;
  redis(): Promise<unknown>;
  redisUrl: string;
}

/** Checks Postgres and Redis up front, so a missing service is one clear line, not a hang. */
export async function checkChatServices(probes: ChatProbes): Promise<void> {
  await withTimeout(
    probes.postgres(),
    10_000,
    'PostgreSQL tidak dapat dihubungi (DATABASE_URL); jalankan Postgres lalu `seleksi migrate`.',
  ).catch((error: unknown) => {
    if (error instanceof ChatSetupError) throw error;
    const detail =
      error instanceof Error ? error.message.trim().split('\n').filter(Boolean).at(-1) : String(error);
    throw new ChatSetupError(`PostgreSQL tidak dapat dihubungi (DATABASE_URL): ${detail}`);
  });
  if (!(await probes.migrated())) {
    throw new ChatSetupError(
      'Basis data belum dimigrasi (database not migrated): jalankan `seleksi migrate` dulu.',
    );
  }
  const unreachable = `Redis tidak dapat dihubungi di ${probes.redisUrl} (REDIS_URL).`;
  try {
    await withTimeout(probes.redis(), 5_000, unreachable);
  } catch {
    throw new ChatSetupError(unreachable);
  }
}

/**
 * Waits until every listed submission is confirmed to the user (or failed for good), polling the
 * outbox table; gives up quietly after `timeoutMs` (the worker delivers it later anyway).
 */
export async function waitForConfirmations(
  prisma: PrismaClient,
  ids: readonly string[],
  timeoutMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await countAwaitingConfirmation(prisma, ids)) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
