import type { Redis } from 'ioredis';
import type { SendBudget } from '../core/delivery.ts';
import { type LimiterRedis, withScripts } from './limiter-scripts.ts';

/**
 * The send budget of one channel, kept in Redis so every process shares it: a GCRA ("theoretical
 * arrival time") schedule. Each message takes the next slot, `intervalMs` after the previous one, on
 * Redis' clock; a process reserves a few slots at a time (one round trip) and sends at their times.
 * A 429 moves the schedule past `retry_after` for every process. Replies and confirmations take slots
 * without waiting ({@link ChannelLimiter.debit}), so the broadcast, which waits, makes way for them.
 */

/** Options of {@link createChannelLimiter}. */
export interface ChannelLimiterOptions {
  /** Key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** The channel whose budget this is (one schedule per channel and prefix). */
  channel: string;
  /** Messages per second (TELEGRAM_RATE_PER_SEC), or the gap between two (WHATSAPP_MIN_GAP_MS). */
  pace: { perSecond: number } | { minGapMs: number; jitter?: number };
  /**
   * How far ahead of now slots are handed out: enough for a sender to claim its delivery in Postgres
   * before the slot comes (a claim takes tens of milliseconds on a busy database).
   * @defaultValue 500 ms
   */
  horizonMs?: number;
  random?(): number;
}

/** A reserved moment to send one message (see {@link ChannelLimiter.reserve}). */
export interface Slot {
  /** When to send, on `performance.now()`'s clock. */
  at: number;
  /**
   * Whether the slot can still be used now: false after a pause began (it lies inside the pause) or
   * when this process is late for it by more than two intervals (a held-up event loop, a slow
   * database): sending then would bunch up with other processes' slots. With a minimum gap, a late
   * slot is still used (the gap is kept from the previous send, see `at`), and using it counts.
   */
  usable(): boolean;
}

/** A channel's shared send budget. */
export interface ChannelLimiter {
  /**
   * Reserves the next slot (FIFO among this process's callers); resolves as soon as it is reserved,
   * at most `horizonMs` ahead of it, so the caller can prepare (claim the delivery) and then wait.
   */
  reserve(signal?: AbortSignal): Promise<Slot>;
  /** Resolves at a usable slot (reserve, then wait for it). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Nobody sends on this channel for `ms` (a 429's retry_after), in every process. */
  pause(ms: number): Promise<void>;
  /** A message was sent outside the schedule (a reply): later slots move back by one interval. */
  debit(count?: number): Promise<void>;
  /** Messages per second this limiter allows. */
  readonly perSecond: number;
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `slot.at` (at most the limiter's horizon). It takes no signal: a stopped run learns it
 * right after the wait (thousands of waits share one run's signal, and a listener each would cost
 * more than the wait).
 */
export async function untilSlot(slot: Slot): Promise<void> {
  // `at` can move later meanwhile (a minimum gap counts from the previous send): wait again then.
  for (let wait = slot.at - performance.now(); wait > 0; wait = slot.at - performance.now())
    await sleep(wait);
}

/** A limiter's fixed settings, derived from its options. */
interface LimiterConfig {
  redis: LimiterRedis;
  keys: { tat: string; pause: string };
  random: () => number;
  intervalUs: number;
  jitterUs: number;
  horizonMs: number;
  /** Slots reserved per round trip (WhatsApp: one slot at a time, each followed by its own random extra gap). */
  maxBlock: number;
  /** A slot missed by more than this is not used (at 30/s: 100 ms, three slots' worth). */
  lateMs: number;
  /**
   * A minimum gap (WhatsApp) also holds in this process, from the moment a slot is used: one process
   * sends on the number, so a slot that fires late must not bring the next one closer than the gap.
   */
  minGapMs: number;
}

function limiterConfig(redis: Redis, options: ChannelLimiterOptions): LimiterConfig {
  const pace = options.pace;
  const intervalUs =
    'perSecond' in pace ? Math.round(1e6 / pace.perSecond) : Math.round(pace.minGapMs * 1000);
  const horizonMs = options.horizonMs ?? 500;
  return {
    redis: withScripts(redis),
    keys: {
      tat: `${options.prefix}:limiter:${options.channel}:tat`,
      pause: `${options.prefix}:limiter:${options.channel}:pause`,
    },
    random: options.random ?? Math.random,
    intervalUs,
    jitterUs: 'minGapMs' in pace ? pace.minGapMs * 1000 * (pace.jitter ?? 0.5) : 0,
    horizonMs,
    maxBlock: 'perSecond' in pace ? Math.max(1, Math.floor((pace.perSecond * horizonMs) / 1000)) : 1,
    lateMs: Math.max(100, (2 * intervalUs) / 1000),
    minGapMs: 'minGapMs' in pace ? pace.minGapMs : 0,
  };
}

/** What a limiter keeps in this process: its FIFO of waiters, the last used slot, the pause epoch. */
interface LimiterState {
  config: LimiterConfig;
  lastUsed: number;
  waiters: Waiter[];
  pumping: boolean;
  /** Bumped by pause(): slots reserved before it are not used. */
  epoch: number;
  /** Signals with an abort listener (one per signal: a run's lanes share one). */
  watched: WeakSet<AbortSignal>;
}

function slotAt(state: LimiterState, at: number): Slot {
  const mine = state.epoch;
  const { minGapMs, lateMs } = state.config;
  if (minGapMs > 0) {
    return {
      get at() {
        return Math.max(at, state.lastUsed + minGapMs);
      },
      usable: () => {
        if (mine !== state.epoch || performance.now() < state.lastUsed + minGapMs) return false;
        state.lastUsed = performance.now();
        return true;
      },
    };
  }
  return { at, usable: () => mine === state.epoch && performance.now() - at <= lateMs };
}

/** Hands out slots to the waiters, a block per Redis round trip, until none is left. */
async function pump(state: LimiterState): Promise<void> {
  if (state.pumping) return;
  state.pumping = true;
  const { redis, keys, intervalUs, horizonMs, maxBlock, jitterUs, random } = state.config;
  const { waiters } = state;
  try {
    while (waiters.length > 0) {
      const n = Math.min(maxBlock, waiters.length);
      const jitter = Math.floor(random() * jitterUs);
      const [delay, step] = await redis.seleksiReserve(
        keys.tat,
        keys.pause,
        String(intervalUs),
        String(n),
        String(horizonMs * 1000),
        String(jitter),
        '0',
      );
      if (delay < 0) {
        await sleep(Math.max(1, Math.ceil(step / 1000)));
        continue;
      }
      const start = performance.now() + delay / 1000;
      // Waiters that gave up meanwhile leave their slot unused.
      for (const [i, w] of waiters.splice(0, n).entries())
        w.resolve(slotAt(state, start + (i * step) / 1000));
    }
  } catch (error) {
    for (const w of waiters.splice(0)) w.reject(error);
  } finally {
    state.pumping = false;
    if (waiters.length > 0) void pump(state);
  }
}

/** One abort listener per signal, dropping all of its waiters. */
function watch(state: LimiterState, signal: AbortSignal): void {
  if (state.watched.has(signal)) return;
  state.watched.add(signal);
  signal.addEventListener(
    'abort',
    () => {
      const { waiters } = state;
      for (let i = waiters.length - 1; i >= 0; i--) {
        const w = waiters[i]!;
        if (w.signal !== signal) continue;
        waiters.splice(i, 1);
        w.reject(signal.reason ?? new Error('aborted'));
      }
    },
    { once: true },
  );
}

function reserve(state: LimiterState, signal?: AbortSignal): Promise<Slot> {
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise<Slot>((resolve, reject) => {
    if (signal) watch(state, signal);
    state.waiters.push({ resolve, reject, ...(signal ? { signal } : {}) });
    void pump(state);
  });
}

/** Creates the limiter of one channel on a Redis connection. */
export function createChannelLimiter(redis: Redis, options: ChannelLimiterOptions): ChannelLimiter {
  const config = limiterConfig(redis, options);
  const state: LimiterState = {
    config,
    lastUsed: Number.NEGATIVE_INFINITY,
    waiters: [],
    pumping: false,
    epoch: 0,
    watched: new WeakSet(),
  };
  const { redis: r, keys, intervalUs } = config;
  return {
    perSecond: 1e6 / intervalUs,
    reserve: (signal) => reserve(state, signal),
    async acquire(signal) {
      for (;;) {
        const slot = await reserve(state, signal);
        await untilSlot(slot);
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        if (slot.usable()) return;
      }
    },
    async pause(ms) {
      state.epoch++;
      await r.seleksiPause(keys.pause, String(Math.round(ms * 1000)));
    },
    async debit(count = 1) {
      await r.seleksiReserve(keys.tat, keys.pause, String(intervalUs), String(count), '0', '0', '1');
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
