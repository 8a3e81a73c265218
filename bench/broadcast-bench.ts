/**
 * Bench of the results broadcast through the Bot API emulator enforcing Telegram's flood limits
 * (429 + retry_after beyond them). Prints one JSON document.
 *
 * (a) 100,000 recipients (one ranking each) at 30 messages/s, TELEGRAM_RATE_PER_SEC = 30, one
 *     `seleksi worker` process; the bot runs beside it and a member asks `hasil` every few seconds.
 *     The run is shortened to BENCH_SECONDS: the sustained rate is measured after the first 2 s and
 *     the full broadcast's time is extrapolated as recipients ÷ that rate (the pace is flat by
 *     construction: a limiter schedule, chunks of the same size, no state growing with progress).
 *     Reported: sustained rate and its share of the configured rate, 429s after the first second,
 *     duplicates (a chat receiving the same message twice), `hasil` reply times, and the worker's
 *     memory (RSS and heap every second: first, last, max, and the slope over the run).
 * (b) A paid broadcast: emulator at 1,000 messages/s, TELEGRAM_RATE_PER_SEC = 1,000, 3 worker
 *     processes; sustained rate, and the workers' CPU per message (/proc), over BENCH_PAID_SECONDS
 *     after the first 2 s.
 *
 * Env: BENCH_RECIPIENTS (100000), BENCH_SECONDS (60), BENCH_PAID_RECIPIENTS (40000),
 * BENCH_PAID_SECONDS (20), BENCH_ONLY (paced | paid), DATABASE_URL, REDIS_URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { type PublishDeps, publishResults } from '../src/app/publish.ts';
import { renderPng } from '../src/broadcast/chart-png.ts';
import { openDispatcher } from '../src/broadcast/dispatcher.ts';
import { loadConfig } from '../src/config/config.ts';
import { startApp } from '../src/main.ts';
import { seedClosedWithRanking } from '../test/support/broadcast-fixture.ts';
import { createTestDb, type TestDb } from '../test/support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../test/support/redis.ts';
import { createInvite } from '../test/support/seleksi-fixture.ts';
import { TelegramEmulator } from '../test/support/telegram-emulator.ts';
import { machine, percentile } from './stats.ts';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PAID_RECIPIENTS = Number(process.env.BENCH_PAID_RECIPIENTS ?? 40_000);
const PAID_SECONDS = Number(process.env.BENCH_PAID_SECONDS ?? 20);

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

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

interface Worker {
  proc: ChildProcess;
  memory: { at: number; rss: number; heapUsed: number }[];
}

function startWorker(env: NodeJS.ProcessEnv): Promise<Worker> {
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

async function stopWorkers(workers: Worker[]): Promise<void> {
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
function workersCpuMs(workers: readonly Worker[]): number {
  try {
    return workers
      .map((w) => readFileSync(`/proc/${w.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' '))
      .reduce((sum, f) => sum + (Number(f[11]) + Number(f[12])) * 10, 0); // ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}

/** Messages per second delivered between `from` and `to` (performance.now()). */
function rateBetween(at: readonly number[], from: number, to: number): number {
  const n = at.filter((t) => t >= from && t < to).length;
  return n / ((to - from) / 1000);
}

/** Least-squares slope of y over x, per minute of x in ms. */
function slopePerMinute(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

async function publish(db: TestDb, prefix: string, code: string, perSecond: number) {
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

/** (a): 100,000 recipients at 30/s, one worker, `hasil` asked meanwhile. */
async function paced() {
  const counter = createCounter();
  const emulator = await new TelegramEmulator({
    record: (chat) => chat === '42', // only the member who asks `hasil`
    limits: { perSecond: 30, perChatPerSecond: 1 },
    onSend: (m) => counter.onSend(m),
  }).start();
  const db = await createTestDb('bench_broadcast');
  const prefix = uniqueQueuePrefix('bench-broadcast');
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_RATE_PER_SEC: '30',
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  const seedStarted = performance.now();
  const fixture = await seedClosedWithRanking(db.prisma, { recipients: RECIPIENTS, categories: 1 });
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
  const memberCode = await createInvite(db.prisma, fixture.seleksiId, { code: 'HASLWXYZ', role: 'MEMBER' });
  const bot = await startApp({
    config: loadConfig(env),
    bot: true,
    worker: false,
    logger: pino({ level: 'warn' }),
    telegram: { pollTimeoutSeconds: 1 },
  });
  const member = emulator.user(42, 'Anggota Bertanya');
  await member.ask(`/start ${memberCode}`, /Selamat datang/, 60_000);
  const worker = await startWorker(env);
  try {
    const { report, seconds: publishSeconds } = await publish(db, prefix, fixture.code, 30);
    const started = performance.now();
    const replies: number[] = [];
    while (performance.now() - started < SECONDS * 1000) {
      await sleep(5_000);
      const asked = performance.now();
      await member.ask('hasil', /🏆/, 30_000);
      replies.push(performance.now() - asked);
    }
    const end = performance.now();
    replies.sort((x, y) => x - y);
    // Replies to the member are a handful among thousands.
    const broadcastAt = emulator.deliveredAt.filter((t) => t >= started);
    const sustained = rateBetween(broadcastAt, started + 2_000, end);
    const mem = worker.memory.filter((m) => m.at >= started);
    const heap = mem.map((m) => ({ x: m.at - started, y: m.heapUsed / 2 ** 20 }));
    const rss = mem.map((m) => ({ x: m.at - started, y: m.rss / 2 ** 20 }));
    return {
      recipients: RECIPIENTS,
      deliveries: report.total,
      seedSeconds,
      publishSeconds,
      measuredSeconds: round((end - started) / 1000),
      sent: broadcastAt.length,
      ratePerSecond: 30,
      sustainedPerSecond: round(sustained, 2),
      shareOfRate: round(sustained / 30, 3),
      target: '≥ 0.95 of TELEGRAM_RATE_PER_SEC',
      met: sustained / 30 >= 0.95,
      maxInAnySecond: emulator.maxInWindow(1000),
      status429AfterFirstSecond: emulator.limitHits.filter((h) => h.at > started + 1_000).length,
      status429Total: emulator.limitHits.length,
      duplicates: counter.duplicates,
      extrapolatedMinutesForAll: round(report.total / sustained / 60),
      hasilReplyMs: {
        count: replies.length,
        p50: round(percentile(replies, 50), 0),
        max: round(Math.max(...replies), 0),
      },
      workerMemoryMiB: {
        heapFirst: round(heap[0]?.y ?? 0),
        heapLast: round(heap.at(-1)?.y ?? 0),
        heapMax: round(Math.max(...heap.map((p) => p.y))),
        heapSlopePerMinute: round(slopePerMinute(heap), 2),
        rssFirst: round(rss[0]?.y ?? 0),
        rssLast: round(rss.at(-1)?.y ?? 0),
        rssSlopePerMinute: round(slopePerMinute(rss), 2),
      },
    };
  } finally {
    await stopWorkers([worker]);
    await bot.stop();
    await emulator.stop();
    await db.drop();
  }
}

/** (b): a paid broadcast at 1,000/s with 3 worker processes. */
async function paid() {
  const counter = createCounter();
  const emulator = await new TelegramEmulator({
    record: false,
    limits: { perSecond: 1_000, perChatPerSecond: 1 },
    onSend: (m) => counter.onSend(m),
  }).start();
  const db = await createTestDb('bench_broadcast_paid');
  const prefix = uniqueQueuePrefix('bench-paid');
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl,
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_RATE_PER_SEC: '1000',
    LOG_LEVEL: 'warn',
  };
  const fixture = await seedClosedWithRanking(db.prisma, { recipients: PAID_RECIPIENTS, categories: 1 });
  const workers = await Promise.all([startWorker(env), startWorker(env), startWorker(env)]);
  try {
    const { report } = await publish(db, prefix, fixture.code, 1_000);
    const started = performance.now();
    const cpuFrom = await sleep(2_000).then(() => workersCpuMs(workers));
    const cpuTo = await sleep(PAID_SECONDS * 1000 - 2_000).then(() => workersCpuMs(workers));
    const end = performance.now();
    const sustained = rateBetween(emulator.deliveredAt, started + 2_000, end);
    return {
      recipients: PAID_RECIPIENTS,
      deliveries: report.total,
      workers: 3,
      ratePerSecond: 1_000,
      measuredSeconds: round((end - started) / 1000),
      sent: emulator.deliveredAt.length,
      sustainedPerSecond: round(sustained),
      workerCpuMsPerMessage: round((cpuTo - cpuFrom) / (sustained * (PAID_SECONDS - 2)), 2),
      target: '≥ 900 messages/s',
      met: sustained >= 900,
      status429AfterFirstSecond: emulator.limitHits.filter((h) => h.at > started + 1_000).length,
      duplicates: counter.duplicates,
    };
  } finally {
    await stopWorkers(workers);
    await emulator.stop();
    await db.drop();
  }
}

const only = process.env.BENCH_ONLY;
const a = only === 'paid' ? null : await paced();
const b = only === 'paced' ? null : await paid();
process.stdout.write(
  `${JSON.stringify({ bench: 'broadcast', machine: machine(), paced: a, paid: b }, null, 2)}\n`,
);
process.exit(0);
