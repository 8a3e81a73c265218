/**
 * The deadline scheduler in the worker: a BullMQ job scheduler runs a sweep over every seleksi at a
 * fixed interval (a seleksi created by another process is picked up there), and each sweep adds a
 * delayed job at the next instants something becomes due (a deadline, a reminder round), so a phase
 * changes at its time rather than at the next sweep. Job ids carry the seleksi and the instant, so
 * several workers add each job once; the work itself (app/deadlines.ts) is safe to repeat.
 */
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DeadlineDeps, DeadlineRun } from '../app/deadlines.ts';
import { runDeadlines } from '../app/deadlines.ts';

/** Queue of the deadline jobs (`sweep`: every seleksi; `tick`: one seleksi at a due instant). */
export const DEADLINES_QUEUE = 'deadlines';

export interface DeadlineSchedulerOptions extends DeadlineDeps {
  /** Producer connection (the queue) and a blocking one for the worker. */
  connection: Redis;
  workerConnection: Redis;
  prefix: string;
  /** Interval of the sweep. @defaultValue 60000 */
  sweepMs?: number;
  /** Observer of each run (tests). */
  onRun?(run: DeadlineRun): void;
}

export interface DeadlineScheduler {
  /** Runs a sweep now (and schedules what it finds upcoming). */
  sweepNow(): Promise<DeadlineRun>;
  ready: Promise<void>;
  close(): Promise<void>;
}

type JobData = { seleksiId?: string };

/** Starts the sweep schedule and the worker that runs the deadline jobs. */
export function startDeadlineScheduler(options: DeadlineSchedulerOptions): DeadlineScheduler {
  const { prefix, logger } = options;
  const queue = new Queue<JobData>(DEADLINES_QUEUE, {
    connection: options.connection,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: { age: 7 * 86_400 } },
  });

  async function run(seleksiId?: string): Promise<DeadlineRun> {
    const now = new Date();
    const result = await runDeadlines(options, now, seleksiId);
    // A delayed job at each upcoming instant (+50 ms, so the instant has passed when it runs).
    await queue.addBulk(
      result.upcoming.map((u) => ({
        name: 'tick',
        data: { seleksiId: u.seleksiId },
        opts: { jobId: `tick-${u.seleksiId}-${u.at.getTime()}`, delay: u.at.getTime() - now.getTime() + 50 },
      })),
    );
    options.onRun?.(result);
    return result;
  }

  const worker = new Worker<JobData>(DEADLINES_QUEUE, async (job) => void (await run(job.data.seleksiId)), {
    connection: options.workerConnection,
    prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, error) => logger?.warn({ err: error, job: job?.id }, 'deadline job failed'));
  const ready = (async () => {
    await worker.waitUntilReady();
    await queue.upsertJobScheduler('deadline-sweep', { every: options.sweepMs ?? 60_000 }, { name: 'sweep' });
  })();
  ready.catch((error) => logger?.warn({ err: error }, 'deadline scheduler not started'));

  return {
    sweepNow: () => run(),
    ready,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
