/**
 * Composition root of the terminal: the CLI's one-shot commands ({@link withServices}), `seleksi chat`
 * and the messenger-less `seleksi start` ({@link runConsoleDemo}). The chat's heavy modules (BullMQ,
 * ioredis, the flow engine) are imported when a chat starts, so a one-shot command loads none of them.
 */
import type { Readable, Writable } from 'node:stream';
import pino from 'pino';
import type { SubmissionSink } from './app/ports.ts';
import { checkChatServices, defaultChatUser, waitForConfirmations } from './channels/console/chat-setup.ts';
import { type Config, loadConfig } from './config/config.ts';
import { FLOWS_DIR } from './config/project-root.ts';
import { createPrisma, disconnectPrisma, type PrismaClient } from './db/client.ts';
import { isMigrated, pingDatabase } from './db/health.ts';
import type { FlowEngine } from './flow-engine/api.ts';
import { createLogger, type Logger } from './log.ts';

export { ChatSetupError } from './channels/console/chat-setup.ts';

/** What a one-shot CLI command needs. */
export interface CliServices {
  config: Config;
  prisma: PrismaClient;
}

/** Runs fn with a config and a Prisma client (the CLI's one-shot commands), and always disconnects. */
export async function withServices<T>(fn: (services: CliServices) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL);
  try {
    return await fn({ config, prisma });
  } finally {
    await disconnectPrisma(prisma);
  }
}

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

/** Postgres reachable and migrated, Redis reachable: else a ChatSetupError naming which. */
async function checkServices(config: Config, prisma: PrismaClient): Promise<void> {
  const { createRedisConnection } = await import('./queue/connection.ts');
  const redis = createRedisConnection(config.REDIS_URL, { name: 'seleksi-chat-check' });
  redis.on('error', () => {});
  try {
    await checkChatServices({
      postgres: () => pingDatabase(prisma),
      migrated: () => isMigrated(prisma),
      redis: () => redis.ping(),
      redisUrl: config.REDIS_URL,
    });
  } finally {
    redis.disconnect();
  }
}

/**
 * `seleksi chat`: a terminal chat on the console channel, against the same handler, database and
 * queue as the messengers. A submission worker runs in this process; a confirmation reaches the
 * chat's own terminal whichever process's worker wrote the submission (relay.ts). With a TTY it
 * shows a prompt; otherwise it reads stdin line by line and, at the end of the input, waits (up to
 * confirmWaitMs) for the confirmations of the submissions made in this run, then resolves.
 */
export async function runChat(options: RunChatOptions = {}): Promise<void> {
  const config = options.config ?? loadConfig();
  // Logs go to stderr (stdout is the conversation); quiet unless LOG_LEVEL asks for more.
  const logger: Logger = createLogger({
    level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn',
    base: { role: 'chat' },
    destination: pino.destination({ fd: 2, sync: true }),
  });
  const [{ createFlowEngine }, { loadFlows }, { flowKinds }] = await Promise.all([
    import('./flow-engine/engine.ts'),
    import('./flow-engine/load.ts'),
    import('./app/flow-steps/index.ts'),
  ]);
  const engine = createFlowEngine(loadFlows(options.flowsDir ?? FLOWS_DIR, flowKinds), flowKinds);
  const prisma = createPrisma(config.DATABASE_URL);
  try {
    await checkServices(config, prisma);
    await chatSession({ config, prisma, logger, engine, options });
  } finally {
    await disconnectPrisma(prisma);
    logger.flush();
  }
}

/** One chat from its first line to the end of the input, with a worker and the relay of confirmations. */
async function chatSession(deps: {
  config: Config;
  prisma: PrismaClient;
  logger: Logger;
  engine: FlowEngine;
  options: RunChatOptions;
}): Promise<void> {
  const { config, prisma, logger, engine, options } = deps;
  const [
    { createConsoleAdapter },
    { openConsoleRelay },
    { startWorker },
    { createInboundHandler },
    { openAdminChat },
  ] = await Promise.all([
    import('./channels/console/adapter.ts'),
    import('./channels/console/relay.ts'),
    import('./worker.ts'),
    import('./app/handle-inbound.ts'),
    import('./broadcast/publish-deps.ts'),
  ]);
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const user = options.user?.trim() || defaultChatUser();
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
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
  // An admin's status / tutup / umumkan, as in a messenger; the broadcast's deliveries are `seleksi start`'s.
  const adminChat = openAdminChat(prisma, config, relay.notifier);
  try {
    const made: string[] = [];
    const sink: SubmissionSink = {
      async enqueue(id) {
        made.push(id);
        await worker.sink.enqueue(id);
      },
    };
    if (interactive) {
      output.write(
        `seleksi chat — ${user}. Ketik *bantuan* untuk bantuan; Ctrl-D untuk keluar.\n` +
          '(/foto PATH dan /dokumen PATH mengirim berkas.)\n\n',
      );
    }
    await adapter.start(createInboundHandler({ prisma, engine, sink, logger, admin: adminChat.admin }));
    await adapter.finished;
    await waitForConfirmations(prisma, made, options.confirmWaitMs ?? 20_000);
    await adminChat.idle(); // an admin's confirmed action and its notices
    await relay.sync(); // every confirmation recorded is printed
    await adapter.stop();
  } finally {
    await worker.close();
    await adminChat.close();
    await relay.close();
  }
}

/** Options of {@link runConsoleDemo}. */
export interface ConsoleDemoOptions {
  /** Progress of the first region load (the CLI shows bars); stopped before the chat opens. */
  regionsProgress?: { onProgress(level: string, done: number, total: number): void; stop(): void };
}

/**
 * With no messenger configured, `seleksi start` makes the database usable (regions, the example
 * seleksi and demo invites, when empty) and opens a terminal chat, so `npm start` works on a fresh
 * machine with only Postgres and Redis.
 */
export async function runConsoleDemo(options: ConsoleDemoOptions = {}): Promise<void> {
  const config = loadConfig();
  const { ensureDemoData } = await import('./app/demo-data.ts');
  const prisma = createPrisma(config.DATABASE_URL);
  try {
    await ensureDemoData(
      prisma,
      options.regionsProgress ? { onRegionsProgress: options.regionsProgress.onProgress } : {},
    );
  } finally {
    options.regionsProgress?.stop();
    await disconnectPrisma(prisma);
  }
  await runChat({ config });
}
