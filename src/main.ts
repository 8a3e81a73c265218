/**
 * Composition root of the long-running processes (`seleksi start`, `seleksi bot`, `seleksi worker`):
 * the only place that constructs and wires logger, Prisma, Redis, flows, the inbound handler, the
 * channels, the HTTP server and the submission worker.
 */
import type { Redis } from 'ioredis';
import { flowKinds } from './app/flow-steps/index.ts';
import { createInboundHandler } from './app/handle-inbound.ts';
import { withPhoneMatch } from './app/phone-match.ts';
import type { ChannelPace } from './app/publish.ts';
import { createSendBudget } from './broadcast/limiter.ts';
import { openAdminChat } from './broadcast/publish-deps.ts';
import {
  type BroadcastWorkersOptions,
  channelPaces,
  limiterFor,
  startBroadcastWorkers,
} from './broadcast/start.ts';
import { createNotifier } from './channels/notifier.ts';
import { createTelegramAdapter, type TelegramAdapter } from './channels/telegram/adapter.ts';
import { createTelegramBroadcastSender } from './channels/telegram/broadcast-sender.ts';
import { type TelegramAdapterOptions, telegramSettings } from './channels/telegram/options.ts';
import type { WhatsappAdapter } from './channels/whatsapp/adapter.ts';
import type { Config } from './config/config.ts';
import { FLOWS_DIR } from './config/project-root.ts';
import { Closers } from './core/closers.ts';
import type { ChannelName } from './core/messages.ts';
import type { ChannelAdapter, Notifier } from './core/ports.ts';
import { connectionFailureReason, StartupError } from './core/startup-error.ts';
import { createPgPool, createPrisma, disconnectPrisma, type PrismaClient } from './db/client.ts';
import { pingDatabase } from './db/health.ts';
import { createWhatsappAuthStore } from './db/whatsapp-auth.ts';
import type { FlowEngine } from './flow-engine/api.ts';
import { createFlowEngine } from './flow-engine/engine.ts';
import { loadFlows } from './flow-engine/load.ts';
import { createHealthCheck } from './http/healthz.ts';
import { createMetrics, type Metrics, queueDepthOf } from './http/metrics.ts';
import { type HttpServer, startHttpServer, telegramWebhookRoutes } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { createRedisConnection } from './queue/connection.ts';
import { createRedisLease } from './queue/lease.ts';
import {
  createQueueSubmissionSink,
  createSubmissionQueue,
  type SubmissionQueue,
} from './queue/submission-queue.ts';
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

/** True when at least one messenger is configured. */
export function hasMessenger(config: Config): boolean {
  return Boolean(config.TELEGRAM_BOT_TOKEN) || config.WHATSAPP_ENABLED;
}

/** The connections every role shares, checked at start. */
interface Core {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  redis: Redis;
  queue: SubmissionQueue;
  paces: ChannelPace[];
  closers: Closers;
}

/** Opens Prisma, Redis and the submissions queue; a dependency that is not there is a StartupError. */
async function connectCore(config: Config, role: string, logger: Logger, closers: Closers): Promise<Core> {
  const prisma = createPrisma(config.DATABASE_URL);
  const redis = createRedisConnection(config.REDIS_URL, { name: `seleksi-${role}` });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queue = createSubmissionQueue(redis, config.QUEUE_PREFIX);
  queue.on('error', (error) => logger.warn({ err: error }, 'submission queue error'));
  closers.push(
    () => disconnectPrisma(prisma),
    () => redis.quit(),
    () => queue.close(),
  );
  await redis.ping().catch((error: unknown) => {
    throw new StartupError(`cannot reach Redis at REDIS_URL (${connectionFailureReason(error)})`);
  });
  await pingDatabase(prisma).catch((error: unknown) => {
    throw new StartupError(`cannot reach Postgres at DATABASE_URL (${connectionFailureReason(error)})`);
  });
  return { config, logger, prisma, redis, queue, paces: channelPaces(config), closers };
}

/** The Telegram channel, when a token is configured. */
function createTelegram(core: Core, metrics: Metrics, options: StartAppOptions) {
  const { config } = core;
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const pace = core.paces.find((p) => p.channel === 'TELEGRAM');
  // Replies and confirmations count in the broadcast's budget, so a broadcast makes way for them.
  const budget = pace ? createSendBudget(limiterFor(core.redis, config.QUEUE_PREFIX, pace)) : undefined;
  return createTelegramAdapter({
    ...telegramSettings(config, core.logger),
    metrics: metrics.channel,
    ...(budget ? { budget } : {}),
    ...options.telegram,
  });
}

/** The WhatsApp channel. */
async function createWhatsapp(core: Core, metrics: Metrics): Promise<WhatsappAdapter> {
  const { config } = core;
  // Loaded only when enabled: Baileys is large.
  const { createWhatsappAdapter } = await import('./channels/whatsapp/adapter.ts');
  const socket = await import('./channels/whatsapp/socket.ts');
  return createWhatsappAdapter({
    makeSocket: await socket.loadSocketFactory(config.WHATSAPP_SOCKET_MODULE),
    authStore: createWhatsappAuthStore(core.prisma, socket.WHATSAPP_ACCOUNT),
    lease: createRedisLease(core.redis, socket.whatsappLeaseKey(config.QUEUE_PREFIX)),
    mediaDir: config.MEDIA_DIR,
    logger: core.logger,
    metrics: metrics.channel,
  });
}

/** The messenger channels this process runs. */
type Channels = Awaited<ReturnType<typeof createChannels>>;

async function createChannels(core: Core, metrics: Metrics, options: StartAppOptions) {
  const adapters = new Map<ChannelName, ChannelAdapter>();
  const telegram = createTelegram(core, metrics, options);
  if (telegram) adapters.set('telegram', telegram);
  const whatsapp = core.config.WHATSAPP_ENABLED && options.bot ? await createWhatsapp(core, metrics) : null;
  if (whatsapp) adapters.set('whatsapp', whatsapp);
  return { telegram, whatsapp, adapters };
}

/** Delivery workers: Telegram in every worker process; WhatsApp where its number is held. */
function startDeliveries(core: Core, channels: Channels, options: StartAppOptions): void {
  const { config } = core;
  const senders: BroadcastWorkersOptions['senders'] = [];
  const telegramPace = core.paces.find((p) => p.channel === 'TELEGRAM');
  if (options.worker && config.TELEGRAM_BOT_TOKEN && telegramPace) {
    const { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot } = config;
    senders.push({ pace: telegramPace, sender: createTelegramBroadcastSender({ token, apiRoot }) });
  }
  const whatsappPace = core.paces.find((p) => p.channel === 'WHATSAPP');
  const whatsapp = channels.whatsapp;
  if (whatsapp && whatsappPace) senders.push({ pace: whatsappPace, sender: whatsapp.sender });
  if (senders.length === 0) return;
  const deliveries = startBroadcastWorkers({
    config,
    prisma: core.prisma,
    logger: core.logger,
    senders,
    ...(options.broadcast ? { tuning: options.broadcast } : {}),
  });
  core.closers.push(() => deliveries.close());
}

/** The inbound handler with the admin's chat commands (status / tutup / umumkan). */
function createHandler(core: Core, engine: FlowEngine, notifier: Notifier) {
  const { config, prisma, logger, closers } = core;
  // The message hot path runs on a plain node-postgres pool; registrations and the rest use Prisma.
  const pool = createPgPool(config.DATABASE_URL, 10, logger);
  closers.push(() => pool.end());
  const { admin, close } = openAdminChat(prisma, config, notifier);
  closers.push(close);
  const sink = createQueueSubmissionSink(core.queue);
  const handler = createInboundHandler({ prisma, pool, engine, sink, logger, admin });
  // A WhatsApp chat from a known phone number (an imported member) is that person's from the start.
  return withPhoneMatch(handler, { prisma, logger });
}

/** The HTTP server: /healthz, /metrics and the Telegram webhook when there is one. */
async function serveHttp(
  core: Core,
  metrics: Metrics,
  telegram: TelegramAdapter | null,
): Promise<HttpServer> {
  const { config, prisma, redis } = core;
  const health = createHealthCheck({ postgres: () => pingDatabase(prisma), redis: () => redis.ping() });
  const http = await startHttpServer({
    port: config.HTTP_PORT,
    host: config.HTTP_HOST,
    logger: core.logger,
    health,
    metrics,
    webhooks: telegramWebhookRoutes(telegram),
  });
  core.closers.push(() => http.close());
  return http;
}

/** The bot: the inbound handler, the HTTP server, then the channels (which stop first). */
type BotParts = { engine: FlowEngine; channels: Channels; notifier: Notifier; metrics: Metrics };
async function startBot(core: Core, { engine, channels, notifier, metrics }: BotParts) {
  const handler = createHandler(core, engine, notifier);
  const http = await serveHttp(core, metrics, channels.telegram);
  const started: ChannelAdapter[] = [];
  for (const adapter of channels.adapters.values()) {
    await adapter.start(handler);
    started.push(adapter);
  }
  // Closers run in reverse: no new updates first, in-flight handlers finish.
  core.closers.push(() => Promise.all(started.map((a) => a.stop())));
  return http;
}

/**
 * Starts the app. Flow files are validated first (an invalid flow throws before anything
 * connects). Throws when a dependency cannot be reached at start.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const { config } = options;
  const role = options.bot && options.worker ? 'start' : options.bot ? 'bot' : 'worker';
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, base: { role } });
  const engine = createFlowEngine(loadFlows(options.flowsDir ?? FLOWS_DIR, flowKinds), flowKinds);
  const closers = new Closers((error) => logger.warn({ err: error }, 'error while closing'));
  try {
    const core = await connectCore(config, role, logger, closers);
    const metrics = createMetrics({ queueDepth: queueDepthOf(core.queue) });
    const channels = await createChannels(core, metrics, options);
    const notifier = createNotifier(channels.adapters, logger, {
      redis: core.redis,
      prefix: config.QUEUE_PREFIX,
    });
    if (options.worker) {
      const worker = startWorker({ config, prisma: core.prisma, notifier, logger });
      closers.push(() => worker.close());
    }
    startDeliveries(core, channels, options);
    const http = options.bot ? await startBot(core, { engine, channels, notifier, metrics }) : null;
    logger.info({ bot: options.bot, worker: options.worker, port: http?.port ?? null }, 'seleksi started');
    return runningApp(core, channels, http);
  } catch (error) {
    await closers.closeAll();
    throw error;
  }
}

function runningApp(core: Core, channels: Channels, http: HttpServer | null): RunningApp {
  const { logger } = core;
  let stopping: Promise<void> | undefined;
  return {
    logger,
    prisma: core.prisma,
    httpPort: http?.port ?? null,
    telegram: channels.telegram,
    whatsapp: channels.whatsapp,
    stop() {
      stopping ??= (async () => {
        logger.info('stopping: no new updates; finishing messages and jobs in flight');
        await core.closers.closeAll();
        logger.info('stopped');
        logger.flush();
      })();
      return stopping;
    },
  };
}
