import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import pino from 'pino';
import { flowKinds } from '../../app/flow-steps/index.ts';
import { createInboundHandler } from '../../app/handle-inbound.ts';
import type { SubmissionSink } from '../../app/ports.ts';
import { type Config, loadConfig } from '../../config/config.ts';
import { FLOWS_DIR } from '../../config/project-root.ts';
import { createPrisma, type PrismaClient } from '../../db/client.ts';
import { createFlowEngine } from '../../flow-engine/engine.ts';
import { loadFlows } from '../../flow-engine/load.ts';
import { createLogger, type Logger } from '../../log.ts';
import { createRedisConnection } from '../../queue/connection.ts';
import { startWorker } from '../../worker.ts';
import { createConsoleAdapter } from './adapter.ts';
import { openConsoleRelay } from './relay.ts';

/** Options of {@link runChat}. */
export interface RunChatOptions {
  /** Local chat identity. @defaultValue the OS user name */
  user?: string;
  /** Invite code to register with first (sends `DAFTAR CODE`). */
  as?: string;
  /** @defaultValue process.stdin */
  input?: Readable;
  /** @defaultValue process.stdout */
  output?: Writable;
  /** @defaultValue loadConfig() */
  config?: Config;
  /** Folder of the flow files. @defaultValue `<project>/flows` */
  flowsDir?: string;
  /** How long to wait at the end for the confirmations of this chat's submissions. @defaultValue 20000 */
  confirmWaitMs?: number;
}

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

/** Checks Postgres and Redis up front, so a missing service is one clear line, not a hang. */
async function checkServices(config: Config, prisma: PrismaClient): Promise<void> {
  await withTimeout(
    prisma.$queryRaw`SELECT 1`,
    10_000,
    'PostgreSQL tidak dapat dihubungi (DATABASE_URL); jalankan Postgres lalu `seleksi migrate`.',
  ).catch((error: unknown) => {
    if (error instanceof ChatSetupError) throw error;
    const detail =
      error instanceof Error ? error.message.trim().split('\n').filter(Boolean).at(-1) : String(error);
    throw new ChatSetupError(`PostgreSQL tidak dapat dihubungi (DATABASE_URL): ${detail}`);
  });
  const [check] = await prisma.$queryRaw<{ migrated: boolean }[]>`
    SELECT to_regclass('conversation_session') IS NOT NULL AS migrated`;
  if (!check?.migrated) {
    throw new ChatSetupError(
      'Basis data belum dimigrasi (database not migrated): jalankan `seleksi migrate` dulu.',
    );
  }
  const redis = createRedisConnection(config.REDIS_URL, { name: 'seleksi-chat-check' });
  redis.on('error', () => {});
  try {
    await withTimeout(redis.ping(), 5_000, `Redis tidak dapat dihubungi di ${config.REDIS_URL} (REDIS_URL).`);
  } catch (error) {
    if (error instanceof ChatSetupError) throw error;
    throw new ChatSetupError(`Redis tidak dapat dihubungi di ${config.REDIS_URL} (REDIS_URL).`);
  } finally {
    redis.disconnect();
  }
}

/**
 * `seleksi chat`: a terminal chat on the console channel, against the same handler, database and
 * queue as the messengers. A submission worker runs in this process; a confirmation reaches the
 * chat's own terminal whichever process's worker wrote the submission (relay.ts). With a TTY it shows a prompt; otherwise it reads stdin line by line and, at
 * the end of the input, waits (up to confirmWaitMs) for the confirmations of the submissions made
 * in this run, then resolves.
 */
export async function runChat(options: RunChatOptions = {}): Promise<void> {
  const config = options.config ?? loadConfig();
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const user = options.user?.trim() || defaultChatUser();
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  // Logs go to stderr (stdout is the conversation); quiet unless LOG_LEVEL asks for more.
  const logger: Logger = createLogger({
    level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn',
    base: { role: 'chat' },
    destination: pino.destination({ fd: 2, sync: true }),
  });

  const engine = createFlowEngine(loadFlows(options.flowsDir ?? FLOWS_DIR, flowKinds), flowKinds);
  const prisma = createPrisma(config.DATABASE_URL);
  try {
    await checkServices(config, prisma);

    const adapter = createConsoleAdapter({
      user,
      input,
      output,
      interactive,
      firstLines: options.as ? [`DAFTAR ${options.as}`] : [],
      onError: (error) => logger.error({ err: error }, 'console message failed'),
    });
    // This chat's messages come from whichever process's worker wrote its submission (relay.ts).
    const relay = await openConsoleRelay(config.REDIS_URL, config.QUEUE_PREFIX, user, (message) =>
      adapter.send(user, message),
    );
    // Deadlines (phase changes, reminders) belong to `seleksi worker` / `start`, whose notifier reaches every channel.
    const worker = startWorker({ config, prisma, notifier: relay.notifier, logger, deadlines: false });
    try {
      const made: string[] = [];
      const sink: SubmissionSink = {
        async enqueue(id) {
          made.push(id);
          await worker.sink.enqueue(id);
        },
      };
      const handler = createInboundHandler({ prisma, engine, sink, logger });
      if (interactive) {
        output.write(
          `seleksi chat — ${user}. Ketik *bantuan* untuk bantuan; Ctrl-D untuk keluar.\n` +
            '(/foto PATH dan /dokumen PATH mengirim berkas.)\n\n',
        );
      }
      await adapter.start(handler);
      await adapter.finished;
      await waitForConfirmations(prisma, made, options.confirmWaitMs ?? 20_000);
      await relay.sync(); // every confirmation recorded is printed
      await adapter.stop();
    } finally {
      await worker.close();
      await relay.close();
    }
  } finally {
    await prisma.$disconnect();
    logger.flush();
  }
}

/**
 * Waits until every listed submission is confirmed to the user (or failed for good), polling the
 * outbox table; gives up quietly after `timeoutMs` (the worker delivers it later anyway).
 */
async function waitForConfirmations(prisma: PrismaClient, ids: string[], timeoutMs: number): Promise<void> {
  if (ids.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await prisma.submission.count({
      where: {
        id: { in: ids },
        OR: [{ status: 'PENDING' }, { status: 'DONE', confirmedAt: null }],
      },
    });
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
