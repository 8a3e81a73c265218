import { z } from 'zod';
import { ATTACHMENT_KINDS } from '../core/names.ts';

/**
 * What a user confirms at the end of a flow. The app stores it in the `submission` outbox table in
 * the same transaction as the session, then the queue's worker writes the record. Payloads carry
 * ids and answers; job data carries only the submission id.
 */

export const attachmentSchema = z.object({
  field: z.string().min(1),
  kind: z.enum(ATTACHMENT_KINDS),
  fileRef: z.string().min(1),
  mimeType: z.string().optional(),
  fileName: z.string().optional(),
  caption: z.string().optional(),
  localPath: z.string().optional(),
});

export const nominationPayloadSchema = z.object({
  seleksiId: z.string().min(1),
  categoryCode: z.string().min(1),
  /** Kabupaten/kota code the nominee represents (the officer's own). */
  regionCode: z.string().min(1),
  nomineeName: z.string().min(1).max(200),
  answers: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentSchema).default([]),
  /** Set when the officer edits an existing nomination (its id). */
  nominationId: z.string().optional(),
});

export const scoreSheetPayloadSchema = z.object({
  seleksiId: z.string().min(1),
  nominationId: z.string().min(1),
  scores: z.array(z.object({ criterionCode: z.string().min(1), value: z.number().int() })).min(1),
  comment: z.string().max(4000).optional(),
});

export const recusalPayloadSchema = z.object({
  seleksiId: z.string().min(1),
  nominationId: z.string().min(1),
  reason: z.string().min(1).max(1000),
});

export type NominationPayload = z.infer<typeof nominationPayloadSchema>;
export type ScoreSheetPayload = z.infer<typeof scoreSheetPayloadSchema>;
export type RecusalPayload = z.infer<typeof recusalPayloadSchema>;

export type SubmissionRequest =
  | { kind: 'NOMINATION'; payload: NominationPayload }
  | { kind: 'SCORE_SHEET'; payload: ScoreSheetPayload }
  | { kind: 'RECUSAL'; payload: RecusalPayload };

export const submissionPayloadSchemas = {
  NOMINATION: nominationPayloadSchema,
  SCORE_SHEET: scoreSheetPayloadSchema,
  RECUSAL: recusalPayloadSchema,
} as const;

/**
 * The submission a flow's completion made (the engine carries it as `unknown`), or null when it is
 * not one; its payload is checked in full before it is stored.
 */
export function asSubmissionRequest(value: unknown): SubmissionRequest | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, payload } = value as { kind?: unknown; payload?: unknown };
  if (typeof kind !== 'string' || !Object.hasOwn(submissionPayloadSchemas, kind)) return null;
  return typeof payload === 'object' && payload !== null ? (value as SubmissionRequest) : null;
}
