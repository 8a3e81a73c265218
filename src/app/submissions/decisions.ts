/** What each row of a batch turned into: its outcome, result reference and audit event (pure). */

import type { SubmissionRow } from '../../db/submission-rows.ts';
import type { Rejection } from '../../domain/submission-rules.ts';
import type { SubmissionOutcome } from '../ports.ts';
import type { Refused } from './rows.ts';

/** What one submission turned into inside the transaction. */
export interface Decision {
  outcome: SubmissionOutcome;
  resultRef: string | null;
  audit: { action: string; data: Record<string, unknown> };
}

/** A decision and the row it is for. */
export interface RowDecision {
  row: SubmissionRow;
  decision: Decision;
}

/** A rejection as the outcome stored and told to the user (stored as messageId / messageEn). */
export function rejected(r: Rejection): SubmissionOutcome {
  return { status: 'rejected', reason: r.reason, messageId: r.id, messageEn: r.en };
}

/** The decision for a refused row. */
export function refusalDecision({ row, rejection }: Refused): RowDecision {
  return {
    row,
    decision: {
      outcome: rejected(rejection),
      resultRef: null,
      audit: {
        action: 'submission.rejected',
        data: { submissionId: row.id, kind: row.kind, reason: rejection.reason },
      },
    },
  };
}

/** The decision for a nomination written as new (`updated` false) or as an edit. */
export function nominationDecision(
  row: SubmissionRow,
  written: {
    nominationId: string;
    number: string;
    updated: boolean;
    previousEditor?: { name: string; at: string } | undefined;
  },
): RowDecision {
  const { nominationId, number, updated, previousEditor } = written;
  return {
    row,
    decision: {
      outcome: {
        status: 'written',
        kind: 'NOMINATION',
        number,
        nominationId,
        updated,
        ...(previousEditor ? { previousEditor } : {}),
      },
      resultRef: number,
      audit: {
        action: updated ? 'nomination.updated' : 'nomination.created',
        data: { submissionId: row.id, nominationId, number },
      },
    },
  };
}

/** The decisions for every row that carried a score sheet written as `sheetId`. */
export function sheetDecisions(
  rows: readonly SubmissionRow[],
  sheetId: string,
  nominee: { id: string; number: string },
): RowDecision[] {
  return rows.map((row) => ({
    row,
    decision: {
      outcome: { status: 'written', kind: 'SCORE_SHEET', sheetId, nominationNumber: nominee.number },
      resultRef: sheetId,
      audit: {
        action: 'score_sheet.recorded',
        data: { submissionId: row.id, sheetId, nominationId: nominee.id },
      },
    },
  }));
}

/** The decisions for every row that carried a recusal written as `recusalId`. */
export function recusalDecisions(
  rows: readonly SubmissionRow[],
  recusalId: string,
  nominee: { id: string; number: string },
): RowDecision[] {
  return rows.map((row) => ({
    row,
    decision: {
      outcome: { status: 'written', kind: 'RECUSAL', recusalId, nominationNumber: nominee.number },
      resultRef: recusalId,
      audit: {
        action: 'recusal.recorded',
        data: { submissionId: row.id, recusalId, nominationId: nominee.id },
      },
    },
  }));
}
