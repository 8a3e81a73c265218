/**
 * The statements a nomination is written with: its category, the numbering lock of its seleksi ×
 * category, the nominee an edit changes, the nominees already numbered, then the insert or update
 * and its attachments. Bound parameters only.
 */

import type { AttachmentKindName } from '../core/names.ts';
import type { NomineeRow } from './submission-rows.ts';
import type { RunSql } from './submission-runner.ts';

/** Advisory-lock namespace (first key) for nominee numbering, apart from other lock users (promote takes it too). */
export const NUMBERING_LOCK = 0x5e1e_0001;

export interface CategoryRow {
  id: string;
  seleksi_id: string;
  code: string;
  settings: unknown;
}

/** The categories of these seleksis (settings as stored: JSON text on the pool, parsed through Prisma). */
export function categoriesOf(sql: RunSql, seleksiIds: readonly string[]): Promise<CategoryRow[]> {
  return sql<CategoryRow[]>(
    'SELECT id, seleksi_id, code, settings FROM category WHERE seleksi_id = ANY($1::text[])',
    [...seleksiIds],
  );
}

/** The key numbering locks are taken under (promote-sql.ts builds the same). */
export function numberingLockKey(seleksiId: string, categoryCode: string): string {
  return `${seleksiId}|${categoryCode}`;
}

/** Waits for and takes the numbering lock of a seleksi × category until the transaction ends. */
export async function lockNumbering(sql: RunSql, seleksiId: string, categoryCode: string): Promise<void> {
  await sql(
    'SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock($1::int, hashtext($2))) AS l',
    NUMBERING_LOCK,
    numberingLockKey(seleksiId, categoryCode),
  );
}

/** A nominee an edit changes, with who changed it last and when (epoch ms). */
export type EditedNomineeRow = NomineeRow & { last_by_name: string | null; last_ms: number };

/** Locks the nominee an edit changes; null when it is not in this seleksi. */
export async function lockNomineeForEdit(
  sql: RunSql,
  nominationId: string,
  seleksiId: string,
): Promise<EditedNomineeRow | null> {
  const found = await sql<EditedNomineeRow[]>(
    `SELECT n.id, n.seleksi_id, n.category_id, c.code AS category_code, n.region_code, n.number,
            n.status::text AS status, n.submitted_by_id, n.updated_by_id,
            (SELECT p.name FROM person p WHERE p.id = coalesce(n.updated_by_id, n.submitted_by_id)) AS last_by_name,
            (extract(epoch FROM n.updated_at) * 1000)::float8 AS last_ms
       FROM nomination n JOIN category c ON c.id = n.category_id
      WHERE n.id = $1 AND n.seleksi_id = $2
        FOR UPDATE OF n`,
    nominationId,
    seleksiId,
  );
  return found[0] ?? null;
}

export interface SlotRow {
  id: string;
  region_code: string;
  status: string;
  seq: number;
}

/** The nominees of a seleksi × category (read under its numbering lock). */
export function nomineesOfCategory(sql: RunSql, seleksiId: string, categoryId: string): Promise<SlotRow[]> {
  return sql<SlotRow[]>(
    `SELECT id, region_code, status::text AS status, seq FROM nomination
      WHERE seleksi_id = $1 AND category_id = $2`,
    seleksiId,
    categoryId,
  );
}

/** A nomination's answers as an officer sent them. */
export interface NomineeAnswers {
  nomineeName: string;
  answers: unknown;
  regionCode: string;
}

/** Stores an edit of a nomination (its revision goes up by one). */
export async function updateNomination(
  sql: RunSql,
  edit: NomineeAnswers & { id: string; by: string; at: Date },
): Promise<void> {
  await sql(
    `UPDATE nomination
        SET nominee_name = $2, answers = $3::jsonb, region_code = $4, revision = revision + 1,
            updated_at = ($5::timestamptz AT TIME ZONE 'UTC'), updated_by_id = $6
      WHERE id = $1`,
    edit.id,
    edit.nomineeName,
    JSON.stringify(edit.answers),
    edit.regionCode,
    edit.at.toISOString(),
    edit.by,
  );
}

/** Inserts a new numbered nomination. */
export async function insertNomination(
  sql: RunSql,
  n: NomineeAnswers & { id: string; seleksiId: string; categoryId: string; number: string; seq: number },
  by: string,
  at: Date,
): Promise<void> {
  await sql(
    `INSERT INTO nomination (id, seleksi_id, category_id, region_code, number, seq, nominee_name, answers,
                             submitted_by_id, submitted_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, ($10::timestamptz AT TIME ZONE 'UTC'),
             ($10::timestamptz AT TIME ZONE 'UTC'))`,
    n.id,
    n.seleksiId,
    n.categoryId,
    n.regionCode,
    n.number,
    n.seq,
    n.nomineeName,
    JSON.stringify(n.answers),
    by,
    at.toISOString(),
  );
}

/** One attachment as written to the `attachment` table. */
export interface AttachmentRow {
  field: string;
  kind: AttachmentKindName;
  channel: string;
  fileRef: string;
  localPath: string | null;
  mimeType: string | null;
  fileName: string | null;
  caption: string | null;
}

/** Inserts the attachments of one nomination (one statement); nothing when the list is empty. */
export async function insertAttachments(
  sql: RunSql,
  nominationId: string,
  list: readonly AttachmentRow[],
  at: Date,
): Promise<void> {
  if (list.length === 0) return;
  await sql(
    `INSERT INTO attachment (id, nomination_id, field, kind, channel, file_ref, local_path, mime_type, file_name,
                             caption, created_at)
     SELECT gen_random_uuid()::text, $1, v.field, v.kind::"AttachmentKind", v.channel::"Channel", v.file_ref,
            v.local_path, v.mime_type, v.file_name, v.caption, ($10::timestamptz AT TIME ZONE 'UTC')
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            AS v(field, kind, channel, file_ref, local_path, mime_type, file_name, caption)`,
    nominationId,
    list.map((a) => a.field),
    list.map((a) => a.kind),
    list.map((a) => a.channel),
    list.map((a) => a.fileRef),
    list.map((a) => a.localPath),
    list.map((a) => a.mimeType),
    list.map((a) => a.fileName),
    list.map((a) => a.caption),
    at.toISOString(),
  );
}

/** Deletes the attachments of these fields of a nomination (an edit resends the fields it changed). */
export async function deleteAttachmentFields(
  sql: RunSql,
  nominationId: string,
  fields: readonly string[],
): Promise<void> {
  await sql('DELETE FROM attachment WHERE nomination_id = $1 AND field = ANY($2::text[])', nominationId, [
    ...fields,
  ]);
}
