/**
 * Composition root of the long-running processes (`seleksi start`, `seleksi bot`, `seleksi worker`):
 * the only place that constructs and wires logger, Prisma, Redis, flows, the inbound handler, the
 * channels, the HTTP server and the submission worker.
 */
import { closeSeleksi } from './app/close.ts';
import { flowKinds } from './app/flow-steps/index.ts';
import { createInboundHandler } from './app/handle-inbound.ts';
import { withPhoneMatch } from './app/phone-match.ts';
import { openDispatcher } from './broadcast/dispatcher.ts';
import { createSendBudget } from './broadcast/limiter.ts';
import {
  type BroadcastWorkersOptions,
  channelPaces,
  limiterFor,
  startBroadcastWorkers,
} from './broadcast/start.ts';
import { createNotifier } from './channels/notifier.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
} from './channels/telegram/adapter.ts';
import { createTelegramBroadcastSender } from './channels/telegram/broadcast-sender.ts';
import type { WhatsappAdapter } from './channels/whatsapp/adapter.ts';
import type { Config } from './config/config.ts';
import { FLOWS_DIR } from './config/project-root.ts';
import type { ChannelName } from './core/messages.ts';
import type { ChannelAdapter } from './core/ports.ts';
import { createPgPool, createPrisma, type PrismaClient } from './db/client.ts';
import { createWhatsappAuthStore } from './db/whatsapp-auth.ts';
import { createFlowEngine } from './flow-engine/engine.ts';
import { loadFlows } from './flow-engine/load.ts';
import { createHealthCheck } from './http/healthz.ts';
import { createMetrics } from './http/metrics.ts';
import { type HttpServer, startHttpServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { createRedisConnection } from './queue/connection.ts';
import { createRedisLease } from './queue/lease.ts';
import { createQueueSubmissionSink, createSubmissionQueue } from './queue/submission-queue.ts';
import { startWorker } from './worker.ts';

/** Options of {@link startApp}. */
export interface StartAppOptions {
  config: Config;
  /** Run the messenger channels (and the HTTP server). */
  bot: boolean;
  /** Run a submission worker in this process. */
  worker: boolean;
  /** Folder of the flow files. @defaultValue `<project>/flows` */
  flowsDir?: string;
  logger?: Logger;
  /** Overrides for the Telegram adapter (tests and the bench: flood limit, poll timeout). */
  telegram?: Partial<TelegramAdapterOptions>;
  /** Delivery workers' concurrency, pacing and lock settings (tests shorten the lock). */
  broadcast?: BroadcastWorkersOptions['tuning'];
}

/** A running app. */
export interface RunningApp {
  readonly logger: Logger;
  readonly prisma: PrismaClient;
  /** The HTTP server's port, when it runs. */
  readonly httpPort: number | null;
  readonly telegram: TelegramAdapter | null;
  /** The WhatsApp channel, when WHATSAPP_ENABLED and this process runs the bot. */
  readonly whatsapp: WhatsappAdapter | null;
  /** Stops taking updates, finishes in-flight handlers and jobs, closes every connection. */
  stop(): Promise<void>;
}

/** A dependency could not be reached at start; the message names it (the CLI prints it as one line). */
export class StartupError extends Error {
  override name = 'StartupError';
}

function errorText(error: unknown): string {
  const e = error as {
    message?: string;
    code?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string } } };
  };
  const kind = e?.meta?.driverAdapterError?.cause?.kind;
  if (kind) return kind;
  // Prisma messages start with blank lines and end with the useful one.
  const lines = (e?.message || e?.code || String(error)).split('\n').filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').slice(0, 200);
}

/** True when at least one messenger is configured. */
export function hasMessenger(config: Config): boolean {
  return Boolean(config.TELEGRAM_BOT_TOKEN) || config.WHATSAPP_ENABLED;
}

/**
 * Starts the app. Flow files are validated first (an invalid flow throws before anything
 * connects). Throws when a dependency cannot be reached at start.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const { config } = options;
  const role = options.bot && options.worker ? 'start' : options.bot ? 'bot' : 'worker';
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, base: { role } });
  const flows = loadFlows(options.flowsDir ?? FLOWS_DIR, flowKinds);
  const engine = createFlowEngine(flows, flowKinds);

  const prisma = createPrisma(config.DATABASE_URL);
  const redis = createRedisConnection(config.REDIS_URL, { name: `seleksi-${role}` });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queue = createSubmissionQueue(redis, config.QUEUE_PREFIX);
  queue.on('error', (error) => logger.warn({ err: error }, 'submission queue error'));
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing'));
    }
  };
  closers.push(
    () => prisma.$disconnect(),
    () => redis.quit(),
    () => queue.close(),
  );

  try {
    await redis.ping().catch((error: unknown) => {
      throw new StartupError(`cannot reach Redis at REDIS_URL (${errorText(error)})`);
    });
    await prisma.$queryRaw`SELECT 1`.catch((error: unknown) => {
      throw new StartupError(`cannot reach Postgres at DATABASE_URL (${errorText(error)})`);
    });

    const adapters = new Map<ChannelName, ChannelAdapter>();
    const metrics = createMetrics({
      queueDepth: async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
        return {
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          failed: counts.failed ?? 0,
          delayed: counts.delayed ?? 0,
        };
      },
    });
    let telegram: TelegramAdapter | null = null;
    const paces = channelPaces(config);
    const telegramPace = paces.find((p) => p.channel === 'TELEGRAM');
    if (config.TELEGRAM_BOT_TOKEN) {
      // Replies and confirmations count in the broadcast's budget, so a broadcast makes way for them.
      const budget = telegramPace
        ? createSendBudget(limiterFor(redis, config.QUEUE_PREFIX, telegramPace))
        : undefined;
      telegram = createTelegramAdapter({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        mediaDir: config.MEDIA_DIR,
        logger,
        metrics: metrics.channel,
        floodLimit: { limit: config.TELEGRAM_FLOOD_LIMIT, timeFrameMs: 1000 },
        ...(budget ? { budget } : {}),
        ...(config.TELEGRAM_WEBHOOK_URL
          ? { webhook: { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET! } }
          : {}),
        ...options.telegram,
      });
      adapters.set('telegram', telegram);
    }
    let whatsapp: WhatsappAdapter | null = null;
    if (config.WHATSAPP_ENABLED && options.bot) {
      // Loaded only when enabled: Baileys is large.
      const { createWhatsappAdapter } = await import('./channels/whatsapp/adapter.ts');
      const socket = await import('./channels/whatsapp/socket.ts');
      whatsapp = createWhatsappAdapter({
        makeSocket: await socket.loadSocketFactory(config.WHATSAPP_SOCKET_MODULE),
        authStore: createWhatsappAuthStore(prisma, socket.WHATSAPP_ACCOUNT),
        lease: createRedisLease(redis, socket.whatsappLeaseKey(config.QUEUE_PREFIX)),
        mediaDir: config.MEDIA_DIR,
        logger,
        metrics: metrics.channel,
      });
      adapters.set('whatsapp', whatsapp);
    }

    const notifier = createNotifier(adapters, logger, { redis, prefix: config.QUEUE_PREFIX });
    // Delivery workers: Telegram in every worker process; WhatsApp where its number is held.
    const senders: BroadcastWorkersOptions['senders'] = [];
    if (options.worker) {
      const worker = startWorker({ config, prisma, notifier, logger });
      closers.push(() => worker.close());
      if (config.TELEGRAM_BOT_TOKEN && telegramPace) {
        senders.push({
          pace: telegramPace,
          sender: createTelegramBroadcastSender({
            token: config.TELEGRAM_BOT_TOKEN,
            apiRoot: config.TELEGRAM_API_ROOT,
          }),
        });
      }
    }
    const whatsappPace = paces.find((p) => p.channel === 'WHATSAPP');
    if (whatsapp && whatsappPace) senders.push({ pace: whatsappPace, sender: whatsapp.sender });
    if (senders.length > 0) {
      const deliveries = startBroadcastWorkers({
        config,
        prisma,
        logger,
        senders,
        ...(options.broadcast ? { tuning: options.broadcast } : {}),
      });
      closers.push(() => deliveries.close());
    }

    let http: HttpServer | null = null;
    const started: ChannelAdapter[] = [];
    if (options.bot) {
      // The message hot path runs on a plain node-postgres pool (two round trips per message);
      // registrations and everything else use Prisma.
      const pool = createPgPool(config.DATABASE_URL, 10);
      closers.push(() => pool.end());
      const dispatcher = openDispatcher(config.REDIS_URL, config.QUEUE_PREFIX);
      closers.push(() => dispatcher.close());
      // A WhatsApp chat from a known phone number (an imported member) is that person's from the start.
      const handler = withPhoneMatch(
        createInboundHandler({
          prisma,
          pool,
          engine,
          sink: createQueueSubmissionSink(queue),
          logger,
          // status / tutup / umumkan for admins in chat.
          admin: {
            prisma,
            notifier,
            // resvg is loaded on the first publish only (a native module; start-up stays light).
            publish: {
              prisma,
              dispatcher,
              channels: paces,
              renderPng: async (svg) => (await import('./broadcast/chart-png.ts')).renderPng(svg),
            },
            close: async (seleksiId, actorId) => {
              const r = await closeSeleksi(prisma, seleksiId, { actorId });
              return { code: r.seleksi.code, digest: r.digest };
            },
          },
        }),
        { prisma, logger },
      );
      const health = createHealthCheck({
        postgres: () => prisma.$queryRaw`SELECT 1`,
        redis: () => redis.ping(),
      });
      http = await startHttpServer({
        port: config.HTTP_PORT,
        host: config.HTTP_HOST,
        logger,
        health,
        metrics,
        webhooks:
          telegram?.webhookPath && telegram.webhookSecret
            ? [
                {
                  path: telegram.webhookPath,
                  secret: telegram.webhookSecret,
                  handle: (update) => telegram!.handleWebhookUpdate(update as never),
                  isStopping: () => telegram!.stopping,
                },
              ]
            : [],
      });
      closers.push(() => http!.close());
      for (const adapter of adapters.values()) {
        await adapter.start(handler);
        started.push(adapter);
      }
      // Channels stop first (closers run in reverse): no new updates, in-flight handlers finish.
      closers.push(() => Promise.all(started.map((a) => a.stop())));
    }

    let stopping: Promise<void> | undefined;
    logger.info({ bot: options.bot, worker: options.worker, port: http?.port ?? null }, 'seleksi started');
    return {
      logger,
      prisma,
      httpPort: http?.port ?? null,
      telegram,
      whatsapp,
      stop() {
        stopping ??= (async () => {
          logger.info('stopping: no new updates; finishing messages and jobs in flight');
          await closeAll();
          logger.info('stopped');
          logger.flush();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
