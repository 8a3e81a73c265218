import { Redis } from 'ioredis';

/** Options of {@link createRedisConnection}. */
export interface RedisConnectionOptions {
  /**
   * For BullMQ workers (blocking commands): `maxRetriesPerRequest: null`, so a Redis restart makes
   * commands wait for the reconnection instead of failing the worker.
   * @defaultValue false
   */
  worker?: boolean;
  /** Connection name shown by `CLIENT LIST`. */
  name?: string;
}

/**
 * Creates an ioredis connection for BullMQ. Producers (the bot) fail fast when Redis is away, so a
 * chat reply is not held up: the outbox row is already in Postgres and the reconciler re-enqueues it.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.worker ? null : 2,
    enableOfflineQueue: true,
    connectionName: options.name,
    // Keep reconnecting (capped back-off): the worker must survive a Redis restart.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}
