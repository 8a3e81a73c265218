/**
 * A tiny worker process for the fault tests and the recovery bench (not a test file). Env:
 * DATABASE_URL, REDIS_URL, QUEUE_PREFIX, and
 * - FAULT_KILL_AFTER_COMMIT=1: SIGKILL itself right after the first commit (before the job completes
 *   and before the user is told);
 * - FAULT_KILL_AFTER_SENDS=n: SIGKILL itself right after its n-th confirmation went out, before it
 *   is recorded (the worst moment for telling someone twice);
 * - FAULT_SEND_MS=ms: each confirmation takes this long to send (a platform's latency);
 * - FAULT_RECONCILE=1: run the reconciler (every 500 ms, rows older than 1 s);
 * - FAULT_PRODUCTION_LOCKS=1: BullMQ's lock/stall settings as in production (SUBMISSION_LOCKS)
 *   instead of the short ones the tests use.
 * Prints `SENT <chatId> <text>` per confirmation (stdout to a pipe is synchronous on Linux: a line
 * printed before a SIGKILL is never lost) and `READY` once it takes jobs; exits 0 after a clean
 * SIGTERM shutdown.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createSubmissionProcessor } from '../../src/app/process-submission.ts';
import { createPgPool, createPrisma } from '../../src/db/client.ts';
import { startWorker } from '../../src/worker.ts';

const env = process.env;
const prisma = createPrisma(env.DATABASE_URL!);
const pool = createPgPool(env.DATABASE_URL!, 4);
pool.on('error', () => {});
const killAfterCommit = env.FAULT_KILL_AFTER_COMMIT === '1';
const killAfterSends = Number(env.FAULT_KILL_AFTER_SENDS ?? 0);
const sendMs = Number(env.FAULT_SEND_MS ?? 0);
let sends = 0;

const worker = startWorker({
  config: { REDIS_URL: env.REDIS_URL!, QUEUE_PREFIX: env.QUEUE_PREFIX! },
  prisma,
  logger: pino({ level: 'silent' }),
  notifier: {
    async send(to, messages) {
      if (sendMs > 0) await sleep(sendMs);
      for (const m of messages) process.stdout.write(`SENT ${to.chatId} ${m.text}\n`);
      if (++sends === killAfterSends) process.kill(process.pid, 'SIGKILL');
    },
  },
  processor: createSubmissionProcessor({
    prisma,
    pool,
    afterCommit: killAfterCommit ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  }),
  reconcile: env.FAULT_RECONCILE === '1' ? { intervalMs: 500, olderThanMs: 1_000 } : false,
  // A killed worker's job is noticed as stalled within about a second.
  ...(env.FAULT_PRODUCTION_LOCKS === '1'
    ? {}
    : { workerOptions: { lockDuration: 1_000, stalledInterval: 500 } }),
});

process.on('SIGTERM', () => {
  void worker
    .close()
    .then(() => Promise.all([prisma.$disconnect(), pool.end()]))
    .then(() => process.exit(0));
});
await worker.ready;
process.stdout.write('READY\n');
