/** What a processed row means to the worker: its outcome, stored or fresh, and where to tell the user. */

import type { ChannelName } from '../../core/messages.ts';
import type { SubmissionRow } from '../../db/submission-rows.ts';
import type { Locale } from '../../flow-engine/api.ts';
import type { SubmissionOutcome } from '../ports.ts';
import type { ProcessedSubmission } from './model.ts';

function toLocale(value: string | null): Locale {
  return value === 'en' ? 'en' : 'id';
}

function toChannel(value: string): ChannelName {
  return value.toLowerCase() as ChannelName;
}

/** The processed view of a row: outcome, whether it was written now, and the chat to confirm to. */
export function describe(
  row: SubmissionRow,
  outcome: SubmissionOutcome,
  fresh: boolean,
): ProcessedSubmission {
  return {
    submissionId: row.id,
    kind: row.kind,
    outcome,
    fresh,
    to: { channel: toChannel(row.channel), chatId: row.external_id },
    locale: toLocale(row.locale),
    confirmed: row.confirmed,
  };
}

/** The outcome of a row processed before; rows written by older code may lack the stored outcome. */
export function storedOutcome(row: SubmissionRow): SubmissionOutcome {
  if (row.outcome) return row.outcome as SubmissionOutcome;
  if (row.status === 'FAILED') {
    const message = row.error ?? 'failed';
    return { status: 'rejected', reason: 'failed', messageId: message, messageEn: message };
  }
  const ref = row.result_ref ?? '';
  if (row.kind === 'NOMINATION') {
    return { status: 'written', kind: 'NOMINATION', number: ref, nominationId: '', updated: false };
  }
  if (row.kind === 'SCORE_SHEET')
    return { status: 'written', kind: 'SCORE_SHEET', sheetId: ref, nominationNumber: '' };
  return { status: 'written', kind: 'RECUSAL', recusalId: ref, nominationNumber: '' };
}
