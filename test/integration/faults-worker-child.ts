/**
 * A tiny worker process for the fault tests (not a test file). Env: DATABASE_URL, REDIS_URL,
 * QUEUE_PREFIX, and FAULT_KILL_AFTER_COMMIT=1 to SIGKILL itself right after the first commit (before
 * the job completes and before the user is told). Prints `SENT <chatId> <text>` per confirmation and
 * `READY` once it takes jobs; exits 0 after a clean SIGTERM shutdown.
 */
import pino from 'pino';
import { createSubmissionProcessor } from '../../src/app/process-submission.ts';
import { createPrisma } from '../../src/db/client.ts';
import { startWorker } from '../../src/worker.ts';

const prisma = createPrisma(process.env.DATABASE_URL!);
const killAfterCommit = process.env.FAULT_KILL_AFTER_COMMIT === '1';
const worker = startWorker({
  config: { REDIS_URL: process.env.REDIS_URL!, QUEUE_PREFIX: process.env.QUEUE_PREFIX! },
  prisma,
  logger: pino({ level: 'silent' }),
  notifier: {
    async send(to, messages) {
      for (const m of messages) process.stdout.write(`SENT ${to.chatId} ${m.text}\n`);
    },
  },
  processor: createSubmissionProcessor({
    prisma,
    afterCommit: killAfterCommit ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  }),
  reconcile: false,
  // A killed worker's job is noticed as stalled within about a second.
  workerOptions: { lockDuration: 1_000, stalledInterval: 500 },
});

process.on('SIGTERM', () => {
  void worker
    .close()
    .then(() => prisma.$disconnect())
    .then(() => process.exit(0));
});
await worker.ready;
process.stdout.write('READY\n');
