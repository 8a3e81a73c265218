/** Rows the submission processor reads inside its batch transaction (src/db/submission-facts-sql.ts). */

import type { SubmissionKindName } from '../core/names.ts';
import type { PhaseName, RoleName } from '../domain/permissions.ts';
import type { CriterionFacts } from '../domain/submission-rules.ts';

export type { SubmissionKindName } from '../core/names.ts';

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
  /** Only read once processed: the stored outcome (app/ports.ts `SubmissionOutcome`). */
  outcome: unknown;
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

export interface MembershipRow {
  person_id: string;
  seleksi_id: string;
  role: RoleName;
  region_code: string | null;
  categories: string[] | null;
}

/** Everything the submission rules need about a batch. */
export interface BatchFacts {
  seleksis: SeleksiRow[];
  memberships: MembershipRow[];
  /** Nominees the score sheets and recusals refer to. */
  nominees: NomineeRow[];
  recusals: { nomination_id: string; juror_id: string }[];
  criteria: (CriterionFacts & { category_id: string })[];
}
