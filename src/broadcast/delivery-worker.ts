import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BroadcastSender } from '../core/delivery.ts';
import { type BroadcastChannel, finishIfDone } from '../db/broadcast-sql.ts';
import type { PrismaClient } from '../db/client.ts';
import { type ChunkReport, type ChunkRunnerDeps, runChunk } from './chunk-runner.ts';
import { deliveryJobSchema, deliveryQueueName } from './delivery-queue.ts';
import type { ChannelLimiter } from './limiter.ts';
import { createMessageCache } from './message-cache.ts';

/** Options of {@link startDeliveryWorker}. */
export interface DeliveryWorkerOptions {
  /** A connection made with `createRedisConnection(url, { worker: true })`. */
  connection: Redis;
  prefix: string;
  channel: BroadcastChannel;
  prisma: PrismaClient;
  sender: BroadcastSender;
  limiter: ChannelLimiter;
  logger?: Logger;
  /** Chunks sent at once by this worker (they share the channel's limiter). @defaultValue 4 */
  concurrency?: number;
  /** Pacing and retry settings of each run (see ChunkRunnerDeps). */
  run?: Pick<ChunkRunnerDeps, 'perChatGapMs' | 'maxAttempts' | 'backoffMs' | 'statusPollMs'>;
  /**
   * BullMQ lock and stall settings: a worker that dies holding a chunk is noticed after about
   * `lockDuration`, and its chunk runs again elsewhere (what it was sending becomes UNKNOWN).
   */
  workerOptions?: Partial<Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>>;
}

/**
 * Starts a BullMQ worker for a channel's delivery queue: each job sends one chunk (runChunk) and
 * marks the broadcast DONE once nothing is left. A job whose worker died is taken up again after its
 * lock expires; that run turns what the dead one was sending into UNKNOWN and sends the rest.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): Worker {
  const { prisma, logger } = options;
  const messages = createMessageCache(prisma);
  const deps: ChunkRunnerDeps = {
    prisma,
    sender: options.sender,
    limiter: options.limiter,
    messages,
    ...(logger ? { logger } : {}),
    ...options.run,
  };
  const worker = new Worker(
    deliveryQueueName(options.channel),
    async (job): Promise<ChunkReport> => {
      const parsed = deliveryJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid delivery job data: ${parsed.error.message}`);
      const { broadcastId, chunk } = parsed.data;
      // Unique per run, so a run records only what it claimed itself.
      const claim = `${job.id}#${job.attemptsMade}#${randomUUID().slice(0, 8)}`;
      const report = await runChunk({ broadcastId, chunk, claim }, deps);
      if (await finishIfDone(prisma, broadcastId)) logger?.info({ broadcastId }, 'broadcast done');
      logger?.debug({ broadcastId, chunk, ...report }, 'chunk run ended');
      return report;
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 4,
      maxStalledCount: 20,
      ...options.workerOptions,
    },
  );
  worker.on('error', (error) => logger?.warn({ err: error }, 'delivery worker error'));
  worker.on('failed', (job, error) =>
    logger?.warn({ err: error, jobId: job?.id }, 'delivery job failed; it will be retried'),
  );
  return worker;
}
