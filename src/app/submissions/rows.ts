/** What the checks of a batch work with and hand on: parsed rows, refusals, the batch's context. */

import type { NomineeRow, SeleksiRow, SubmissionRow } from '../../db/submission-rows.ts';
import type { Actor, RoleName } from '../../domain/permissions.ts';
import type { NominationPayload, RecusalPayload, ScoreSheetPayload } from '../../domain/submission.ts';
import type { NomineeFacts, Rejection } from '../../domain/submission-rules.ts';

/** A pending row whose payload passed its schema. */
export type Parsed =
  | { row: SubmissionRow; kind: 'NOMINATION'; payload: NominationPayload }
  | { row: SubmissionRow; kind: 'SCORE_SHEET'; payload: ScoreSheetPayload }
  | { row: SubmissionRow; kind: 'RECUSAL'; payload: RecusalPayload };

export type NominationItem = Extract<Parsed, { kind: 'NOMINATION' }>;
export type JurorWorkItem = Extract<Parsed, { kind: 'SCORE_SHEET' | 'RECUSAL' }>;

/** A row a rule refused, and why. */
export interface Refused {
  row: SubmissionRow;
  rejection: Rejection;
}

/** What a check returns: the items that passed and the rows it refused. */
export interface Checked<T> {
  accepted: T[];
  refused: Refused[];
}

/** The caller's membership in the row's seleksi under the given role, or null. */
export type ActorOf = (row: SubmissionRow, role: RoleName) => Actor | null;

/** What the checks and writers of one batch look things up in: its seleksis and who is who. */
export interface BatchContext {
  seleksiById: ReadonlyMap<string, SeleksiRow>;
  actorOf: ActorOf;
}

/** The definition's UTC offset of a seleksi row (for times users read). */
export function timezoneOf(seleksi: SeleksiRow): string {
  const def = typeof seleksi.definition === 'string' ? JSON.parse(seleksi.definition) : seleksi.definition;
  return typeof def?.timezone === 'string' ? def.timezone : '+07:00';
}

/** The rule engine's view of a nominee row. */
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

/** Appends a value to the list under a key (no copy of the list). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
