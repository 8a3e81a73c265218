/** Row shapes read inside the processing transaction and the per-submission decision they lead to. */

import type { Actor, PhaseName, RoleName } from '../../domain/permissions.ts';
import type { NominationPayload, RecusalPayload, ScoreSheetPayload } from '../../domain/submission.ts';
import type { NomineeFacts, Rejection } from '../../domain/submission-rules.ts';
import type { SubmissionOutcome } from '../ports.ts';
import type { SubmissionKindName } from './model.ts';
import type { Sql } from './sql-runner.ts';

/** A submission row as locked for processing (read as JSON, so timestamps are ISO text without zone). */
export interface SubmissionRow {
  id: string;
  kind: SubmissionKindName;
  seleksi_id: string;
  person_id: string;
  channel: string;
  external_id: string;
  /** Only read while PENDING. */
  payload: unknown;
  status: 'PENDING' | 'DONE' | 'FAILED';
  /** Only read once processed. */
  outcome: SubmissionOutcome | null;
  result_ref: string | null;
  error: string | null;
  /** confirmed_at is set: the user has been told. */
  confirmed: boolean;
  /** When the user confirmed: UTC, e.g. `2026-11-23T21:29:56.123456`. */
  created_at: string;
  locale: string | null;
  /** Pending rows: the seleksi's phase when the user confirmed, which the rules judge it by. */
  phase: PhaseName | null;
  /** Pending rows: when that phase was opened (epoch ms; null before any phase change). */
  phase_opened_ms: number | null;
  /** created_at in epoch ms (deadline checks). */
  created_ms: number;
}

export interface SeleksiRow {
  id: string;
  code: string;
  /** The current phase; submissions are judged by their row's `phase` instead. */
  phase: PhaseName;
  rules: unknown;
  /** Deadlines in epoch ms, the definition's offset and reminder days (domain/deadlines.ts). */
  nomination_opens_ms: number | null;
  nomination_closes_ms: number | null;
  scoring_closes_ms: number | null;
  definition: unknown;
}

export interface NomineeRow {
  id: string;
  seleksi_id: string;
  category_id: string;
  category_code: string;
  region_code: string;
  number: string;
  status: 'SUBMITTED' | 'WITHDRAWN';
  submitted_by_id: string | null;
  updated_by_id: string | null;
}

/** What one submission turned into inside the transaction. */
export interface Decision {
  outcome: SubmissionOutcome;
  resultRef: string | null;
  audit: { action: string; data: Record<string, unknown> };
}

/** A pending row whose payload passed its schema. */
export type Parsed =
  | { row: SubmissionRow; kind: 'NOMINATION'; payload: NominationPayload }
  | { row: SubmissionRow; kind: 'SCORE_SHEET'; payload: ScoreSheetPayload }
  | { row: SubmissionRow; kind: 'RECUSAL'; payload: RecusalPayload };

/** The caller's membership in the row's seleksi under the given role, or null. */
export type ActorOf = (row: SubmissionRow, role: RoleName) => Actor | null;
/** Records a rejection as the decision for a row. */
export type Refuse = (row: SubmissionRow, r: Rejection) => void;

/**
 * What the writers of one batch share: its transaction, its seleksis, who is who, its clock, and
 * where each row's decision goes.
 */
export interface WriteScope {
  sql: Sql;
  seleksiById: Map<string, SeleksiRow>;
  actorOf: ActorOf;
  at: Date;
  decisions: Map<string, Decision>;
  refuse: Refuse;
}

/** A rejection as the outcome stored and told to the user. */
export function rejected(r: Rejection): SubmissionOutcome {
  return { status: 'rejected', reason: r.reason, messageId: r.messageId, messageEn: r.messageEn };
}

/** The rule engine's view of a nominee row. */
/** The definition's UTC offset of a seleksi row (for times users read). */
export function timezoneOf(seleksi: SeleksiRow): string {
  const def = typeof seleksi.definition === 'string' ? JSON.parse(seleksi.definition) : seleksi.definition;
  return typeof def?.timezone === 'string' ? def.timezone : '+07:00';
}

export function toNominee(n: NomineeRow): NomineeFacts {
  return {
    id: n.id,
    seleksiId: n.seleksi_id,
    categoryCode: n.category_code,
    regionCode: n.region_code,
    status: n.status,
    submittedById: n.submitted_by_id,
    updatedById: n.updated_by_id,
  };
}
