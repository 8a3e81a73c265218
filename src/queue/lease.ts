import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * A lease in Redis: at most one process holds a name at a time (e.g. one WhatsApp number, which allows
 * one connection). The holder renews it every third of its time to live; a holder that dies loses it
 * when the time runs out, and a waiting process takes it then.
 */
export interface Lease {
  /** Waits until this process holds the lease; `onWait` is told once who holds it meanwhile. */
  acquire(options?: { signal?: AbortSignal; onWait?(holder: string): void }): Promise<void>;
  /** Gives the lease up (only if this process still holds it). */
  release(): Promise<void>;
  /** Called once when a held lease is lost (taken over after a missed renewal). */
  onLost(listener: () => void): void;
}

/** Options of {@link createRedisLease}. */
export interface LeaseOptions {
  /** Time to live of the lease. @defaultValue 30000 */
  ttlMs?: number;
  /** How often a waiting process tries again. @defaultValue 2000 */
  retryMs?: number;
  /** What other processes are told about this holder. @defaultValue `<hostname> pid <pid>` */
  holder?: string;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lease on `key` in Redis. */
export function createRedisLease(redis: Redis, key: string, options: LeaseOptions = {}): Lease {
  const ttl = options.ttlMs ?? 30_000;
  const retry = options.retryMs ?? 2000;
  const holder = options.holder ?? `${hostname()} pid ${process.pid}`;
  const token = `${holder} ${randomUUID()}`;
  const listeners: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  let renewedAt = 0;

  function lost(): void {
    if (timer) clearInterval(timer);
    timer = null;
    for (const listener of listeners) listener();
  }

  function keepRenewing(): void {
    renewedAt = Date.now();
    timer = setInterval(
      () => {
        redis
          .eval(RENEW, 1, key, token, ttl)
          .then((renewed) => {
            if (Number(renewed) === 1) renewedAt = Date.now();
            else lost();
          })
          .catch(() => {
            // Redis unreachable: keep the lease while it cannot have expired, then give it up.
            if (Date.now() - renewedAt >= ttl) lost();
          });
      },
      Math.max(100, Math.floor(ttl / 3)),
    );
    timer.unref();
  }

  return {
    async acquire({ signal, onWait } = {}) {
      let told = false;
      for (;;) {
        signal?.throwIfAborted();
        const taken = await redis.set(key, token, 'PX', ttl, 'NX');
        if (taken === 'OK') {
          keepRenewing();
          return;
        }
        if (!told) {
          told = true;
          const current = (await redis.get(key)) ?? 'another process';
          onWait?.(current.replace(/ [0-9a-f-]{36}$/, ''));
        }
        await sleep(retry, undefined, signal ? { signal } : {});
      }
    },
    async release() {
      if (timer) clearInterval(timer);
      timer = null;
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
    onLost(listener) {
      listeners.push(listener);
    },
  };
}
