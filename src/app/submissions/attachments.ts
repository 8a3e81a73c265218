/** Writes a nomination's attachments (photos, documents) as one statement. */

import type { Sql } from './sql-runner.ts';

/** One attachment as written to the `attachment` table. */
export type AttachmentRow = {
  field: string;
  kind: 'PHOTO' | 'DOCUMENT';
  channel: string;
  fileRef: string;
  localPath: string | null;
  mimeType: string | null;
  fileName: string | null;
  caption: string | null;
};

/** Inserts the attachments of one nomination; nothing when the list is empty. */
export async function insertAttachments(
  sql: Sql,
  nominationId: string,
  list: AttachmentRow[],
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
