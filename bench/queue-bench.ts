/**
 * Bench (b): score-sheet submissions per second through the queue into Postgres, beside a BullMQ
 * worker that does nothing, measured in the same run. Prints one JSON document.
 *
 * Both runs add N jobs (jobId = submission id) with addBulk to a fresh queue prefix while the worker
 * runs, and stop the clock when the last job is done: for the pipeline, when every job has completed
 * and every outbox row is DONE and confirmed (written in Postgres, user told through a no-op notifier).
 *
 * The machine's speed drifts (the no-op worker alone has measured anywhere from 4,400 to 10,300
 * jobs/s in one afternoon), so the two runs alternate for BENCH_ROUNDS rounds; each round's ratio
 * compares runs a few seconds apart, and the figures reported are the medians (every round is listed).
 *
 * Env: BENCH_SUBMISSIONS (per run, default 20000), BENCH_ROUNDS (default 5), BENCH_CONCURRENCY
 * (default 400), BENCH_IN_FLIGHT (transactions at once, default 2), DATABASE_URL / REDIS_URL.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'bullmq';
import pino from 'pino';
import { createRedisConnection } from '../src/queue/connection.ts';
import { SUBMISSIONS_QUEUE } from '../src/queue/names.ts';
import { createQueueSubmissionSink, createSubmissionQueue } from '../src/queue/submission-queue.ts';
import { startWorker } from '../src/worker.ts';
import { CRITERIA, createFixture, deletePrefixKeys } from '../test/integration/queue-fixtures.ts';
import { createTestDb, type TestDb } from '../test/support/db.ts';
import { testRedisUrl, uniqueQueuePrefix } from '../test/support/redis.ts';
import { serverCpu } from './stats.ts';

const N = Number(process.env.BENCH_SUBMISSIONS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Submissions of each path's warm-up run (JIT, connections, prepared plans). */
const WARM_UP = Math.min(2_000, N);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 400);
const NOMINEES = 250;
const JURORS = Math.ceil((N * ROUNDS + WARM_UP) / NOMINEES) + 1;
const CHUNK = 2_000;

const silent = pino({ level: 'silent' });
const noopNotifier = { async send() {} };

async function addJobs(ids: string[], prefix: string): Promise<{ close(): Promise<void> }> {
  const connection = createRedisConnection(testRedisUrl);
  const queue = createSubmissionQueue(connection, prefix);
  const sink = createQueueSubmissionSink(queue);
  for (let i = 0; i < ids.length; i += CHUNK) await sink.enqueueMany(ids.slice(i, i + CHUNK));
  return {
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** A BullMQ worker that does nothing: the ceiling of this machine's queue throughput. */
async function noopRun(
  count: number,
): Promise<{ seconds: number; cpuSeconds: number; server: { redis: number; postgres: number } }> {
  const prefix = uniqueQueuePrefix('bench-noop');
  const connection = createRedisConnection(testRedisUrl, { worker: true });
  let done = 0;
  const { promise: allDone, resolve: finish } = Promise.withResolvers<void>();
  const worker = new Worker(SUBMISSIONS_QUEUE, async () => ({ status: 'written' }), {
    connection,
    prefix,
    concurrency: CONCURRENCY,
  });
  worker.on('completed', () => {
    if (++done === count) finish();
  });
  await worker.waitUntilReady();
  const ids = Array.from({ length: count }, () => randomUUID());
  const started = performance.now();
  const cpu = process.cpuUsage();
  const server0 = serverCpu();
  const producer = await addJobs(ids, prefix);
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const server = serverCpu(server0);
  await worker.close();
  await producer.close();
  connection.disconnect();
  await deletePrefixKeys(testRedisUrl, prefix);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, server };
}

type Fixture = Awaited<ReturnType<typeof createFixture>>;
/** What the rounds score: the seleksi, its nominees and the jurors who score them. */
interface Seeded {
  db: TestDb;
  fx: Fixture;
  nominees: { id: string }[];
  jurors: string[];
}
type PipelineFigures = Awaited<ReturnType<typeof pipelineRun>>;
type Round = { noopWorker: ReturnType<typeof noopFigures>; pipeline: PipelineFigures; ratioToNoop: number };

/** Nominees and jurors straight into the tables (the bench measures scoring, not set-up). */
async function seed(db: TestDb): Promise<Seeded> {
  const fx = await createFixture(db.prisma, 'BENCH-2026');
  await db.prisma.seleksi.update({ where: { id: fx.seleksiId }, data: { phase: 'SCORING' } });
  const nominees = Array.from({ length: NOMINEES }, (_, i) => ({
    id: randomUUID(),
    seleksiId: fx.seleksiId,
    categoryId: fx.categoryIds.TKSK,
    regionCode: '63.09',
    number: `BENCH-2026-TKSK-${String(i + 1).padStart(3, '0')}`,
    seq: i + 1,
    nomineeName: `Calon ${i + 1}`,
    answers: {},
    submittedById: fx.officers['63.09']!,
  }));
  await db.prisma.nomination.createMany({ data: nominees });
  const jurors = Array.from({ length: JURORS }, () => randomUUID());
  await db.prisma.person.createMany({ data: jurors.map((id, i) => ({ id, name: `Juri ${i}` })) });
  await db.prisma.membership.createMany({
    data: jurors.map((personId) => ({
      personId,
      seleksiId: fx.seleksiId,
      role: 'JUROR' as const,
      regionCode: '63.01',
      categories: ['TKSK'],
    })),
  });
  return { db, fx, nominees, jurors };
}

/**
 * `count` outbox rows, the i-th submission of the whole bench being `first + i` (one juror per
 * NOMINEES submissions, so every sheet is new: a nominee and a juror meet once).
 */
async function storeSubmissions(s: Seeded, first: number, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const rows = ids.map((id, j) => {
    const i = first + j;
    return {
      id,
      kind: 'SCORE_SHEET' as const,
      seleksiId: s.fx.seleksiId,
      personId: s.jurors[Math.floor(i / NOMINEES)]!,
      channel: 'TELEGRAM' as const,
      externalId: String(100_000 + Math.floor(i / NOMINEES)),
      payload: {
        seleksiId: s.fx.seleksiId,
        nominationId: s.nominees[i % NOMINEES]!.id,
        scores: CRITERIA.map((c, k) => ({ criterionCode: c.code, value: 1 + ((i * 7 + k * 13) % 100) })),
      },
    };
  });
  for (let i = 0; i < rows.length; i += 5_000) {
    await s.db.prisma.submission.createMany({ data: rows.slice(i, i + 5_000) });
  }
  return ids;
}

/** One pipeline run over the given stored submissions. */
async function pipelineRun(db: TestDb, ids: string[]) {
  const prefix = uniqueQueuePrefix('bench-pipeline');
  const batch = { batches: 0, rows: 0, ms: 0 };
  const worker = startWorker({
    config: { REDIS_URL: testRedisUrl, QUEUE_PREFIX: prefix, DATABASE_URL: db.url },
    prisma: db.prisma,
    notifier: noopNotifier,
    logger: silent,
    concurrency: CONCURRENCY,
    reconcile: false,
    batching: {
      ...(process.env.BENCH_IN_FLIGHT ? { maxInFlight: Number(process.env.BENCH_IN_FLIGHT) } : {}),
      onBatch: ({ size, ms }) => {
        batch.batches++;
        batch.rows += size;
        batch.ms += ms;
      },
    },
  });
  await worker.ready;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const server0 = serverCpu();
  const producer = await addJobs(ids, prefix);
  // Every job completed (a cheap Redis count; the queue keeps at most 100,000), then every row of
  // this round recorded as confirmed (the records follow the Redis marks within ~50 ms).
  while ((await worker.queue.getJobCounts('completed')).completed! < Math.min(ids.length, 100_000)) {
    await new Promise((r) => setTimeout(r, 10));
  }
  while ((await db.prisma.submission.count({ where: { confirmedAt: null } })) > 0) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const server = serverCpu(server0);
  await worker.close();
  await producer.close();
  await deletePrefixKeys(testRedisUrl, prefix);
  return {
    seconds: round(seconds),
    submissionsPerSec: Math.round(ids.length / seconds),
    nodeCpuMsPerSubmission: round(((used.user + used.system) * 1e-3) / ids.length),
    redisCpuMsPerSubmission: round((server.redis * 1000) / ids.length),
    postgresCpuMsPerSubmission: round((server.postgres * 1000) / ids.length),
    batches: batch.batches,
    meanBatchSize: round(batch.rows / Math.max(1, batch.batches)),
    meanBatchMs: round(batch.ms / Math.max(1, batch.batches)),
  };
}

/** Warm-up of both paths, then the measured rounds: no-op, pipeline, no-op, … */
async function runRounds(s: Seeded): Promise<Round[]> {
  await noopRun(WARM_UP);
  await pipelineRun(s.db, await storeSubmissions(s, N * ROUNDS, WARM_UP));
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const ids = await storeSubmissions(s, r * N, N);
    const noopWorker = noopFigures(await noopRun(N));
    const pipeline = await pipelineRun(s.db, ids);
    rounds.push({
      noopWorker,
      pipeline,
      ratioToNoop: round(pipeline.submissionsPerSec / noopWorker.jobsPerSec),
    });
  }
  return rounds;
}

/** The bench's JSON document: the medians, every round, what was written and the targets. */
async function summarise(db: TestDb, rounds: Round[]) {
  const [sheets, scores, done] = await Promise.all([
    db.prisma.scoreSheet.count(),
    db.prisma.score.count(),
    db.prisma.submission.count({ where: { status: 'DONE' } }),
  ]);
  const pipelineRate = median(rounds.map((r) => r.pipeline.submissionsPerSec));
  const ratio = median(rounds.map((r) => r.ratioToNoop));
  return {
    bench: 'queue',
    what: 'score-sheet submissions through BullMQ into Postgres vs a no-op BullMQ worker, alternating runs',
    submissions: N,
    rounds: ROUNDS,
    concurrency: CONCURRENCY,
    median: {
      noopJobsPerSec: median(rounds.map((r) => r.noopWorker.jobsPerSec)),
      pipelineSubmissionsPerSec: pipelineRate,
      ratioToNoop: ratio,
    },
    perRound: rounds,
    written: { scoreSheets: sheets, scores, submissionsDone: done },
    targets: { submissionsPerSec: 2_000, ratioToNoop: 0.4 },
    pass:
      pipelineRate >= 2_000 &&
      ratio >= 0.4 &&
      done === N * ROUNDS + WARM_UP &&
      sheets === N * ROUNDS + WARM_UP,
    machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map(round) },
  };
}

async function main(): Promise<void> {
  const db = await createTestDb('bench_queue');
  try {
    const rounds = await runRounds(await seed(db));
    process.stdout.write(`${JSON.stringify(await summarise(db, rounds), null, 2)}\n`);
  } finally {
    await db.drop();
  }
}

/** The no-op run's figures per job. */
function noopFigures(run: Awaited<ReturnType<typeof noopRun>>) {
  return {
    seconds: round(run.seconds),
    jobsPerSec: Math.round(N / run.seconds),
    nodeCpuMsPerJob: round((run.cpuSeconds * 1000) / N),
    redisCpuMsPerJob: round((run.server.redis * 1000) / N),
    postgresCpuMsPerJob: round((run.server.postgres * 1000) / N),
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

await main();
