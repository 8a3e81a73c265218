/**
 * Ports the use-cases need; implemented in queue/, channels/ and db/, wired in main.ts/worker.ts.
 */

/**
 * Accepts a submission already stored in the `submission` outbox table and gets it written.
 * The queue implements it with a BullMQ job whose jobId is the submission id; tests and the
 * in-process console may use a double that processes it inline.
 */
export interface SubmissionSink {
  enqueue(submissionId: string): Promise<void>;
}

/** Result of writing a submission (the worker tells the user this). */
export type SubmissionOutcome =
  | {
      status: 'written';
      kind: 'NOMINATION';
      number: string;
      nominationId: string;
      updated: boolean;
      /** An edit of a nomination another officer changed last: who, and when (shown as text). */
      previousEditor?: { name: string; at: string };
    }
  | { status: 'written'; kind: 'SCORE_SHEET'; sheetId: string; nominationNumber: string }
  | { status: 'written'; kind: 'RECUSAL'; recusalId: string; nominationNumber: string }
  /** Refused by a domain rule (phase closed, not their region, duplicate per kabupaten...). */
  | { status: 'rejected'; reason: string; messageId: string; messageEn: string };
