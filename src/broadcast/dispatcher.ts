import type { DeliveryDispatcher } from '../app/publish.ts';
import type { BroadcastChannel } from '../db/broadcast-sql.ts';
import { createRedisConnection } from '../queue/connection.ts';
import { createDeliveryQueue, type DeliveryQueue, enqueueChunks } from './delivery-queue.ts';

/** A DeliveryDispatcher on its own Redis connection (for the CLI and the bot's admin commands). */
export interface OpenDispatcher extends DeliveryDispatcher {
  close(): Promise<void>;
}

/** Opens the delivery queues under `prefix` and dispatches chunks to them. */
export function openDispatcher(redisUrl: string, prefix: string): OpenDispatcher {
  const connection = createRedisConnection(redisUrl, { name: 'seleksi-dispatch' });
  connection.on('error', () => {}); // a failed add rejects; the caller reports it
  const queues: Record<BroadcastChannel, DeliveryQueue> = {
    TELEGRAM: createDeliveryQueue(connection, prefix, 'TELEGRAM'),
    WHATSAPP: createDeliveryQueue(connection, prefix, 'WHATSAPP'),
  };
  return {
    dispatch: (broadcastId, generation, chunks) => enqueueChunks(queues, broadcastId, generation, chunks),
    async close() {
      await Promise.allSettled(Object.values(queues).map((q) => q.close()));
      connection.disconnect();
    },
  };
}
