import { confirmationText, type ProcessedSubmission } from '../app/process-submission.ts';
import type { Notifier } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import type { ConfirmationMarks } from './confirmation-marks.ts';

/** Options of {@link createConfirmer}. */
export interface ConfirmerOptions {
  notifier: Notifier;
  /** Redis marks of told users: set after each send, read before it. */
  marks: ConfirmationMarks;
  /** Records in Postgres that the users of these submissions were told (submission.confirmed_at). */
  record(submissionIds: readonly string[]): Promise<void>;
  logger?: Logger | undefined;
  /** How long told users are gathered before a Postgres record. @defaultValue 50 */
  recordEveryMs?: number;
  /** Wait before recording again after a failed record (Postgres away). @defaultValue 1000 */
  retryRecordMs?: number;
}

/** Tells users that their submission was processed, one message at a time. */
export interface Confirmer {
  /**
   * Sends the confirmation of `submission` (unless its user was told already) after every
   * confirmation asked for before it. Resolves once the user was told; throws when the message
   * could not be sent, or the one before it could be neither marked nor recorded, so the job retries.
   */
  confirm(submission: ProcessedSubmission): Promise<void>;
  /** Waits for the confirmations in line, then records in Postgres what is still unrecorded. */
  flush(): Promise<void>;
}

/**
 * The confirmations of one process go out one at a time, and each is marked in Redis (one round
 * trip) before the next one is sent. So a crash at any moment leaves at most one user told but not
 * marked — told again when the job runs again —, never a batch, and a user is never left untold: the
 * mark comes only after the send. The Postgres records (confirmed_at) follow in batches behind.
 *
 * Just before each send the mark is read (in the same round trip as the previous mark): a job that
 * ran twice (its lock lost while its worker was starved of CPU) finds its user told by the other run
 * and tells nobody. Two runs of one job in this process share one place in line; only two runs
 * reaching their send together, in two processes, can still both send.
 *
 * A mark that fails (Redis away) is replaced by a Postgres record before the next send; until one
 * of them is written no further confirmation goes out (those jobs fail and retry).
 */
export function createConfirmer(options: ConfirmerOptions): Confirmer {
  const timing = { gatherMs: options.recordEveryMs ?? 50, retryMs: options.retryRecordMs ?? 1_000 };
  const records = new RecordsBehind(options.record, timing, options.logger);
  const line = new ConfirmationLine(options, records);
  return {
    confirm: (submission) => line.add(submission),
    async flush() {
      await line.idle();
      await records.flush().catch((error: unknown) => {
        // Their Redis marks stay: a re-run or the reconciler records them later.
        options.logger?.warn({ err: error }, 'could not record confirmations');
      });
    },
  };
}

interface Entry {
  submission: ProcessedSubmission;
  done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/** The one line of confirmations of a process. */
class ConfirmationLine {
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private draining: Promise<void> | null = null;
  /** Told, but neither marked nor recorded (Redis away): to be secured before the next send. */
  private unsecured: string | null = null;
  /** What the last mark's round trip said about the confirmation after it. */
  private nextMarked: { id: string; marked: boolean } | null = null;

  constructor(
    private readonly options: ConfirmerOptions,
    private readonly records: RecordsBehind,
  ) {}

  add(submission: ProcessedSubmission): Promise<void> {
    // A second run of the same job here: it waits for the first one's message.
    const queued = this.byId.get(submission.submissionId);
    if (queued) return queued.done;
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry = { submission, done, resolve, reject };
    this.entries.push(entry);
    this.byId.set(submission.submissionId, entry);
    this.start();
    return done;
  }

  /** Resolves when the line is empty and its last send secured (or could not be). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
    await this.secure().catch((error: unknown) => {
      // At worst a re-run tells this one user again.
      this.options.logger?.warn({ err: error, submissionId: this.unsecured }, 'confirmation not recorded');
    });
  }

  private start(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      // Added after the last look at the line, before this ran.
      if (this.entries.length > 0) this.start();
    });
  }

  private async drain(): Promise<void> {
    for (let entry = this.entries[0]; entry; entry = this.entries[0]) {
      try {
        await this.tell(entry.submission);
        entry.resolve();
      } catch (error) {
        entry.reject(error);
      }
      this.entries.shift();
      this.byId.delete(entry.submission.submissionId);
    }
  }

  private async tell(submission: ProcessedSubmission): Promise<void> {
    const id = submission.submissionId;
    const known = this.nextMarked;
    this.nextMarked = null;
    await this.secure(); // throws while neither Redis nor Postgres takes the last send's record
    if (await this.toldAlready(id, known)) {
      // Told by another run (here or elsewhere), perhaps not recorded yet.
      this.records.add(id);
      return;
    }
    const { notifier } = this.options;
    await notifier.send(submission.to, [{ text: confirmationText(submission.outcome, submission.locale) }]);
    this.records.add(id);
    this.unsecured = id;
    const next = this.entries[1]?.submission.submissionId;
    try {
      const marked = await this.options.marks.mark(id, next);
      this.unsecured = null;
      if (next !== undefined) this.nextMarked = { id: next, marked };
    } catch (error) {
      this.options.logger?.warn({ err: error, submissionId: id }, 'confirmation sent, not marked yet');
    }
  }

  /** `known`: what the round trip just before (the last send's mark) said about `id`. */
  private async toldAlready(id: string, known: { id: string; marked: boolean } | null): Promise<boolean> {
    if (this.records.has(id)) return true;
    if (known?.id === id) return known.marked;
    return (await this.options.marks.told([id])).has(id);
  }

  /** Marks the last send, or else records it in Postgres; throws when neither can be written. */
  private async secure(): Promise<void> {
    const id = this.unsecured;
    if (id === null) return;
    await this.options.marks.mark(id).catch(() => this.options.record([id]));
    this.unsecured = null;
  }
}

/**
 * The Postgres records of told users, written behind the sends in batches: one statement at a time,
 * `gatherMs` after the first id that waits (so a busy line makes a few statements a second, not one
 * per message), each taking every id that waits then; after a failure the next try comes `retryMs`
 * later.
 */
class RecordsBehind {
  private readonly waiting = new Set<string>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly record: (ids: readonly string[]) => Promise<void>,
    private readonly timing: { gatherMs: number; retryMs: number },
    private readonly logger: Logger | undefined,
  ) {}

  /** Told in this process and not recorded yet. */
  has(id: string): boolean {
    return this.waiting.has(id);
  }

  add(id: string): void {
    this.waiting.add(id);
    this.schedule(this.timing.gatherMs);
  }

  /** Records what waits now (after the statement in flight); throws when Postgres refuses. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    await this.writeAll();
  }

  private schedule(delayMs: number): void {
    if (this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, delayMs);
    // A process that exits without flush() leaves the Redis marks: the reconciler records them.
    this.timer.unref();
  }

  private run(): void {
    let failed = false;
    this.running = this.writeAll()
      .catch((error: unknown) => {
        failed = true;
        this.logger?.warn({ err: error, count: this.waiting.size }, 'confirmations marked, not recorded yet');
      })
      .finally(() => {
        this.running = null;
        // Added while the statement ran (or a failure): the next statement.
        if (this.waiting.size > 0) this.schedule(failed ? this.timing.retryMs : this.timing.gatherMs);
      });
  }

  private async writeAll(): Promise<void> {
    if (this.waiting.size === 0) return;
    const ids = [...this.waiting];
    await this.record(ids);
    for (const id of ids) this.waiting.delete(id);
  }
}
