/**
 * The pieces of the broadcast bench (bench/broadcast-bench.ts) that are not measuring: the Bot API
 * emulator with its duplicate counter, the test database seeded with a closed seleksi and its ranking,
 * the worker processes (bench/broadcast-worker.ts) and their memory and CPU, and the publishing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type PublishDeps, publishResults } from '../src/app/publish.ts';
import { renderPng } from '../src/broadcast/chart-png.ts';
import { openDispatcher } from '../src/broadcast/dispatcher.ts';
import { seedClosedWithRanking } from '../test/support/broadcast-fixture.ts';
import { createTestDb, type TestDb } from '../test/support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../test/support/redis.ts';
import { TelegramEmulator } from '../test/support/telegram-emulator.ts';

export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Counts what the emulator delivered and the duplicates (same chat, same message). */
function createCounter() {
  const seen = new Set<string>();
  let duplicates = 0;
  return {
    onSend(m: { chat_id: string; text: string }) {
      if (m.chat_id === '42') return; // the member asking `hasil` gets the same answer each time
      const key = `${m.chat_id}\n${m.text.split('\n')[1] ?? m.text}`;
      if (seen.has(key)) duplicates++;
      else seen.add(key);
    },
    get duplicates() {
      return duplicates;
    },
  };
}

export interface Worker {
  proc: ChildProcess;
  memory: { at: number; rss: number; heapUsed: number }[];
}

export function startWorker(env: NodeJS.ProcessEnv): Promise<Worker> {
  // --expose-gc: the worker collects before each memory sample, so the figures are what it retains.
  const flags = ['--expose-gc', ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const proc = spawn(
    process.execPath,
    [...flags, '--import', 'tsx', `${import.meta.dirname}/broadcast-worker.ts`],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const worker: Worker = { proc, memory: [] };
  let buffer = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'READY') resolve(worker);
        else if (line.startsWith('MEM '))
          worker.memory.push({ at: performance.now(), ...JSON.parse(line.slice(4)) });
      }
    });
    proc.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

export async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.proc.once('exit', () => resolve());
          w.proc.kill('SIGTERM');
          setTimeout(() => w.proc.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
}

/** The workers' CPU time so far (user + system, ms, from /proc); NaN (null in JSON) off Linux. */
export function workersCpuMs(workers: readonly Worker[]): number {
  try {
    return workers
      .map((w) => readFileSync(`/proc/${w.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' '))
      .reduce((sum, f) => sum + (Number(f[11]) + Number(f[12])) * 10, 0); // ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}

/** Messages per second delivered between `from` and `to` (performance.now()). */
export function rateBetween(at: readonly number[], from: number, to: number): number {
  const n = at.filter((t) => t >= from && t < to).length;
  return n / ((to - from) / 1000);
}

/** Least-squares slope of y over x, per minute of x in ms. */
export function slopePerMinute(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

export async function publish(db: TestDb, prefix: string, code: string, perSecond: number) {
  const dispatcher = openDispatcher(testRedisUrl, prefix);
  const deps: PublishDeps = {
    prisma: db.prisma,
    dispatcher,
    channels: [{ channel: 'TELEGRAM', perSecond }],
    renderPng,
  };
  const started = performance.now();
  try {
    const report = await publishResults(deps, code);
    return { report, seconds: round((performance.now() - started) / 1000, 2) };
  } finally {
    await dispatcher.close();
  }
}

/** A run's set-up: emulator at `perSecond`, a fresh database seeded with `recipients`, the workers' env. */
export async function setUp(o: {
  name: string;
  prefix: string;
  perSecond: number;
  recipients: number;
  record: false | ((chat: string) => boolean);
  env?: NodeJS.ProcessEnv;
}) {
  const counter = createCounter();
  const emulator = await new TelegramEmulator({
    record: o.record,
    limits: { perSecond: o.perSecond, perChatPerSecond: 1 },
    onSend: (m) => counter.onSend(m),
  }).start();
  const db = await createTestDb(o.name);
  const prefix = uniqueQueuePrefix(o.prefix);
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_RATE_PER_SEC: String(o.perSecond),
    ...o.env,
    LOG_LEVEL: 'warn',
  };
  const seedStarted = performance.now();
  const fixture = await seedClosedWithRanking(db.prisma, { recipients: o.recipients, categories: 1 });
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
  return { counter, emulator, db, prefix, env, fixture, seedSeconds };
}
