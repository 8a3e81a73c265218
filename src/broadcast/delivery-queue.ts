import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BroadcastChannel } from '../db/broadcast-sql.ts';

/**
 * The delivery queues: one per channel (`deliveries-telegram`, `deliveries-whatsapp`), so WhatsApp
 * chunks are taken only by the process that holds the WhatsApp number. A job sends one chunk of a
 * broadcast; it carries ids only. jobId = broadcast-chunk-generation: adding a chunk twice is a no-op,
 * and a resume (a new generation) adds it again.
 */

/** The queue of a channel's delivery jobs. */
export function deliveryQueueName(channel: BroadcastChannel): string {
  return `deliveries-${channel.toLowerCase()}`;
}

/** Data of a delivery job. */
export const deliveryJobSchema = z.strictObject({
  broadcastId: z.string().min(1).max(100),
  chunk: z.number().int().min(0),
  generation: z.number().int().min(0),
});

export type DeliveryJobData = z.infer<typeof deliveryJobSchema>;

/** A channel's delivery queue (producer side). */
export type DeliveryQueue = Queue<DeliveryJobData, unknown, string>;

/** Creates a channel's delivery queue under `prefix`. */
export function createDeliveryQueue(
  connection: Redis,
  prefix: string,
  channel: BroadcastChannel,
): DeliveryQueue {
  return new Queue<DeliveryJobData, unknown, string>(deliveryQueueName(channel), {
    connection,
    prefix,
    defaultJobOptions: {
      // A run that throws (Postgres away) is retried; a chunk is idempotent.
      attempts: 20,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: false,
    },
  });
}

/** The jobId of one chunk of one generation. */
export function deliveryJobId(job: DeliveryJobData): string {
  return `${job.broadcastId}-${job.chunk}-${job.generation}`;
}

/** Adds the jobs of these chunks, per channel, in chunk order. */
export async function enqueueChunks(
  queues: Partial<Record<BroadcastChannel, DeliveryQueue>>,
  broadcastId: string,
  generation: number,
  chunks: { chunk: number; channel: BroadcastChannel }[],
): Promise<void> {
  for (const channel of ['TELEGRAM', 'WHATSAPP'] as const) {
    const mine = chunks.filter((c) => c.channel === channel);
    if (mine.length === 0) continue;
    const queue = queues[channel];
    if (!queue) throw new Error(`no delivery queue for ${channel.toLowerCase()}`);
    for (let i = 0; i < mine.length; i += 1_000) {
      await queue.addBulk(
        mine.slice(i, i + 1_000).map(({ chunk }) => {
          const data = { broadcastId, chunk, generation };
          return { name: 'chunk', data, opts: { jobId: deliveryJobId(data) } };
        }),
      );
    }
  }
}
