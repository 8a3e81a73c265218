import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelPace } from '../app/publish.ts';
import type { Config } from '../config/config.ts';
import type { BroadcastSender } from '../core/delivery.ts';
import type { PrismaClient } from '../db/client.ts';
import { createRedisConnection } from '../queue/connection.ts';
import { type DeliveryWorkerOptions, startDeliveryWorker } from './delivery-worker.ts';
import { type ChannelLimiter, createChannelLimiter } from './limiter.ts';

/** The channels' paces from the configuration (the channels that are configured). */
export function channelPaces(
  config: Pick<
    Config,
    'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_RATE_PER_SEC' | 'WHATSAPP_ENABLED' | 'WHATSAPP_MIN_GAP_MS'
  >,
): ChannelPace[] {
  const paces: ChannelPace[] = [];
  if (config.TELEGRAM_BOT_TOKEN) paces.push({ channel: 'TELEGRAM', perSecond: config.TELEGRAM_RATE_PER_SEC });
  if (config.WHATSAPP_ENABLED) paces.push({ channel: 'WHATSAPP', minGapMs: config.WHATSAPP_MIN_GAP_MS });
  return paces;
}

/** A channel's limiter from its pace. */
export function limiterFor(redis: Redis, prefix: string, pace: ChannelPace): ChannelLimiter {
  return createChannelLimiter(redis, {
    prefix,
    channel: pace.channel.toLowerCase(),
    pace: pace.channel === 'TELEGRAM' ? { perSecond: pace.perSecond } : { minGapMs: pace.minGapMs },
  });
}

/** Options of {@link startBroadcastWorkers}. */
export interface BroadcastWorkersOptions {
  config: Pick<Config, 'REDIS_URL' | 'QUEUE_PREFIX'>;
  prisma: PrismaClient;
  logger: Logger;
  /** The senders of the channels this process sends on, with their pace. */
  senders: { pace: ChannelPace; sender: BroadcastSender }[];
  /** Chunks at once, run and lock settings (tests shorten the lock so a killed worker is noticed fast). */
  tuning?: Pick<DeliveryWorkerOptions, 'concurrency' | 'run' | 'workerOptions'>;
}

/** Delivery workers of this process, one per channel it sends on. */
export interface BroadcastWorkers {
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Starts a delivery worker per sender, all on one Redis connection for the limiters. */
export function startBroadcastWorkers(options: BroadcastWorkersOptions): BroadcastWorkers {
  const { config, logger } = options;
  const redis = createRedisConnection(config.REDIS_URL, { worker: true, name: 'seleksi-broadcast' });
  redis.on('error', (error) => logger.warn({ err: error }, 'broadcast redis connection error'));
  const connections: Redis[] = [];
  const workers: Worker[] = options.senders.map(({ pace, sender }) =>
    startDeliveryWorker({
      connection: (() => {
        const c = createRedisConnection(config.REDIS_URL, {
          worker: true,
          name: `seleksi-deliveries-${sender.channel}`,
        });
        connections.push(c);
        return c;
      })(),
      prefix: config.QUEUE_PREFIX,
      channel: pace.channel,
      prisma: options.prisma,
      sender,
      limiter: limiterFor(redis, config.QUEUE_PREFIX, pace),
      logger,
      ...options.tuning,
    }),
  );
  const ready = Promise.all(workers.map((w) => w.waitUntilReady())).then(() => {
    if (workers.length > 0)
      logger.info({ channels: options.senders.map((s) => s.sender.channel) }, 'delivery workers ready');
  });
  ready.catch(() => {});
  return {
    ready,
    async close() {
      await Promise.allSettled(workers.map((w) => w.close()));
      await Promise.allSettled([...connections, redis].map((c) => c.quit()));
    },
  };
}
