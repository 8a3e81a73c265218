import type { Redis } from 'ioredis';
import type { SendBudget } from '../channels/core/delivery.ts';

/**
 * The send budget of one channel, kept in Redis so every process shares it: a GCRA ("theoretical
 * arrival time") schedule. Each message takes the next slot, `intervalMs` after the previous one, on
 * Redis' clock; a process reserves a few slots at a time (one round trip) and sends at their times.
 * A 429 moves the schedule past `retry_after` for every process. Replies and confirmations take slots
 * without waiting ({@link ChannelLimiter.debit}), so the broadcast, which waits, makes way for them.
 */

/**
 * KEYS: the schedule (next free slot, µs), the pause (µs). ARGV: interval µs, slots wanted, how far
 * ahead a reservation may reach (µs), extra µs after the block (jitter), 1 = take without limit.
 * Returns { delay µs until the first slot, interval µs } or { -1, µs to wait before asking again }.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if tat < now then tat = now end
if tat < pause then tat = pause end
local interval = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
if ARGV[5] ~= '1' and tat - now > tonumber(ARGV[3]) then
  return { -1, tat - now - tonumber(ARGV[3]) }
end
local after = tat + n * interval + tonumber(ARGV[4])
redis.call('SET', KEYS[1], tostring(after), 'PX', math.floor((after - now) / 1000) + 60000)
return { tat - now, interval }
`;

/** KEYS: the pause. ARGV: pause length µs. Keeps the later of the old and new ends. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilAt = now + tonumber(ARGV[1])
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilAt > old then
  redis.call('SET', KEYS[1], tostring(untilAt), 'PX', math.floor(tonumber(ARGV[1]) / 1000) + 1000)
end
return 1
`;

type LimiterRedis = Redis & {
  seleksiReserve(tat: string, pause: string, ...args: string[]): Promise<[number, number]>;
  seleksiPause(pause: string, micros: string): Promise<number>;
};

function withScripts(redis: Redis): LimiterRedis {
  const r = redis as LimiterRedis;
  if (typeof r.seleksiReserve !== 'function') {
    redis.defineCommand('seleksiReserve', { numberOfKeys: 2, lua: RESERVE });
    redis.defineCommand('seleksiPause', { numberOfKeys: 1, lua: PAUSE });
  }
  return r;
}

/** Options of {@link createChannelLimiter}. */
export interface ChannelLimiterOptions {
  /** Key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** The channel whose budget this is (one schedule per channel and prefix). */
  channel: string;
  /** Messages per second (TELEGRAM_RATE_PER_SEC), or the gap between two (WHATSAPP_MIN_GAP_MS). */
  pace: { perSecond: number } | { minGapMs: number; jitter?: number };
  /** How far ahead of now one process may hold slots. @defaultValue 200 ms */
  horizonMs?: number;
  random?(): number;
}

/** A channel's shared send budget. */
export interface ChannelLimiter {
  /** Resolves at the moment the caller may send one message (FIFO among this process's callers). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Nobody sends on this channel for `ms` (a 429's retry_after), in every process. */
  pause(ms: number): Promise<void>;
  /** A message was sent outside the schedule (a reply): later slots move back by one interval. */
  debit(count?: number): Promise<void>;
  /** Messages per second this limiter allows. */
  readonly perSecond: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates the limiter of one channel on a Redis connection. */
export function createChannelLimiter(redis: Redis, options: ChannelLimiterOptions): ChannelLimiter {
  const r = withScripts(redis);
  const keys = {
    tat: `${options.prefix}:limiter:${options.channel}:tat`,
    pause: `${options.prefix}:limiter:${options.channel}:pause`,
  };
  const pace = options.pace;
  const random = options.random ?? Math.random;
  const intervalUs =
    'perSecond' in pace ? Math.round(1e6 / pace.perSecond) : Math.round(pace.minGapMs * 1000);
  const jitterUs = 'minGapMs' in pace ? pace.minGapMs * 1000 * (pace.jitter ?? 0.5) : 0;
  // WhatsApp: one slot at a time, each followed by its own random extra gap.
  const maxBlock =
    'perSecond' in pace ? Math.max(1, Math.floor((pace.perSecond * (options.horizonMs ?? 200)) / 1000)) : 1;
  const horizonUs = (options.horizonMs ?? 200) * 1000;
  const waiters: Waiter[] = [];
  let pumping = false;
  /** Bumped by pause(): slots reserved before it are not used. */
  let epoch = 0;

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (waiters.length > 0) {
        const n = Math.min(maxBlock, waiters.length);
        const jitter = Math.floor(random() * jitterUs);
        const [delay, step] = await r.seleksiReserve(
          keys.tat,
          keys.pause,
          String(intervalUs),
          String(n),
          String(horizonUs),
          String(jitter),
          '0',
        );
        if (delay < 0) {
          await sleep(Math.max(1, Math.ceil(step / 1000)));
          continue;
        }
        const mine = epoch;
        const start = performance.now() + delay / 1000;
        const block = waiters.splice(0, n);
        for (const [i, w] of block.entries()) {
          const at = start + (i * step) / 1000;
          const wait = at - performance.now();
          if (wait > 0) await sleep(wait);
          if (mine !== epoch) {
            // Paused meanwhile: this slot is inside the pause; ask again.
            waiters.unshift(...block.slice(i));
            break;
          }
          if (w.signal?.aborted) continue; // the slot goes unused
          w.resolve();
        }
      }
    } catch (error) {
      for (const w of waiters.splice(0)) w.reject(error);
    } finally {
      pumping = false;
      if (waiters.length > 0) void pump();
    }
  }

  return {
    perSecond: 1e6 / intervalUs,
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject, ...(signal ? { signal } : {}) };
        waiters.push(waiter);
        signal?.addEventListener(
          'abort',
          () => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            reject(signal.reason ?? new Error('aborted'));
          },
          { once: true },
        );
        void pump();
      });
    },
    async pause(ms) {
      epoch++;
      await r.seleksiPause(keys.pause, String(Math.round(ms * 1000)));
    },
    async debit(count = 1) {
      await r.seleksiReserve(
        keys.tat,
        keys.pause,
        String(intervalUs),
        String(count),
        String(horizonUs),
        '0',
        '1',
      );
    },
  };
}

/**
 * A SendBudget over a limiter for the reply path: replies are counted and debited together every
 * `everyMs` (one Redis call however many replies), never waited for. A failed debit is dropped: the
 * replies went out anyway, and the limiter's own pace keeps the broadcast under the platform's limit.
 */
export function createSendBudget(
  limiter: Pick<ChannelLimiter, 'debit'>,
  everyMs = 100,
): SendBudget & { flush(): Promise<void> } {
  let count = 0;
  let timer: NodeJS.Timeout | null = null;
  async function flush(): Promise<void> {
    timer = null;
    const n = count;
    count = 0;
    if (n > 0) await limiter.debit(n).catch(() => undefined);
  }
  return {
    debit() {
      count++;
      if (!timer) {
        timer = setTimeout(() => void flush(), everyMs);
        timer.unref();
      }
    },
    flush,
  };
}
