/** Writes the nominations of a batch: rule checks, gap-free numbering under a lock, edits, attachments. */

import { randomUUID } from 'node:crypto';
import { pastWinners } from '../../db/past-winners-sql.ts';
import { formatDeadline } from '../../domain/deadlines.ts';
import { categoryRulesOf } from '../../domain/definition/category-rules.ts';
import { formatNomineeNumber, nextSequence } from '../../domain/numbering.ts';
import { kabupatenOf } from '../../domain/permissions.ts';
import {
  checkEligibility,
  checkNomination,
  checkRecentWinner,
  type NomineeFacts,
  nominationLimitsOf,
} from '../../domain/submission-rules.ts';
import { insertAttachments } from './attachments.ts';
import { type NomineeRow, type Parsed, timezoneOf, toNominee, type WriteScope } from './rows.ts';

/** Advisory-lock namespace (first key) for nominee numbering, apart from other lock users (promote takes it too). */
export const NUMBERING_LOCK = 0x5e1e_0001;

/** A timestamp column (UTC, no offset in its JSON form) as an instant. */
function utcInstant(text: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
}

/** Nominations one by one, each under the numbering lock of its seleksi × category. */
export async function writeNominations(
  scope: WriteScope,
  items: Extract<Parsed, { kind: 'NOMINATION' }>[],
): Promise<void> {
  const { sql, seleksiById, actorOf, at, decisions, refuse } = scope;
  const seleksiIds = [...new Set(items.map((i) => i.row.seleksi_id))];
  const categories = await sql<{ id: string; seleksi_id: string; code: string; settings: unknown }[]>(
    `SELECT id, seleksi_id, code, settings FROM category WHERE seleksi_id = ANY($1::text[])`,
    seleksiIds,
  );
  const categoryCodes = new Map<string, string[]>();
  const categoryId = new Map<string, string>();
  const settingsOf = new Map<string, unknown>();
  for (const c of categories) {
    categoryCodes.set(c.seleksi_id, [...(categoryCodes.get(c.seleksi_id) ?? []), c.code]);
    categoryId.set(`${c.seleksi_id}|${c.code}`, c.id);
    settingsOf.set(c.id, typeof c.settings === 'string' ? JSON.parse(c.settings) : c.settings);
  }
  // Take the numbering locks in one global order so concurrent batches cannot deadlock.
  const lockKey = (i: (typeof items)[number]) => `${i.row.seleksi_id}|${i.payload.categoryCode}`;
  const ordered = [...items].sort((a, b) => (lockKey(a) < lockKey(b) ? -1 : lockKey(a) > lockKey(b) ? 1 : 0));
  for (const item of ordered) {
    const { row, payload } = item;
    const seleksi = seleksiById.get(row.seleksi_id)!;
    const officer = actorOf(row, 'OFFICER');
    const catId = categoryId.get(`${row.seleksi_id}|${payload.categoryCode}`);
    if (catId) {
      await sql(
        `SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock($1::int, hashtext($2))) AS l`,
        NUMBERING_LOCK,
        lockKey(item),
      );
    }
    let editOf: NomineeFacts | null = null;
    let editNumber = '';
    let previousEditor: { name: string; at: string } | undefined;
    if (payload.nominationId !== undefined) {
      const found = await sql<(NomineeRow & { last_by_name: string | null; last_ms: number })[]>(
        `SELECT n.id, n.seleksi_id, n.category_id, c.code AS category_code, n.region_code, n.number,
                n.status::text AS status, n.submitted_by_id, n.updated_by_id,
                (SELECT p.name FROM person p WHERE p.id = coalesce(n.updated_by_id, n.submitted_by_id)) AS last_by_name,
                (extract(epoch FROM n.updated_at) * 1000)::float8 AS last_ms
           FROM nomination n JOIN category c ON c.id = n.category_id
          WHERE n.id = $1 AND n.seleksi_id = $2
            FOR UPDATE OF n`,
        payload.nominationId,
        row.seleksi_id,
      );
      const n = found[0];
      const lastBy = n ? (n.updated_by_id ?? n.submitted_by_id) : null;
      if (n && lastBy && lastBy !== row.person_id) {
        previousEditor = {
          name: n.last_by_name ?? '?',
          at: formatDeadline(new Date(n.last_ms), timezoneOf(seleksi)),
        };
      }
      if (n) {
        editOf = toNominee(n);
        editNumber = n.number;
      }
    }
    const slot = catId
      ? await sql<{ id: string; region_code: string; status: string; seq: number }[]>(
          `SELECT id, region_code, status::text AS status, seq FROM nomination
            WHERE seleksi_id = $1 AND category_id = $2`,
          row.seleksi_id,
          catId,
        )
      : [];
    const kabupaten = kabupatenOf(payload.regionCode);
    const sameSlot = slot.filter((n) => n.status === 'SUBMITTED' && kabupatenOf(n.region_code) === kabupaten);
    const checked = checkNomination({
      phase: row.phase ?? seleksi.phase,
      officer,
      categoryCodes: categoryCodes.get(row.seleksi_id) ?? [],
      nomination: {
        categoryCode: payload.categoryCode,
        regionCode: payload.regionCode,
        editOf,
        ...(payload.nominationId !== undefined ? { editId: payload.nominationId } : {}),
      },
      sameSlot,
      limits: nominationLimitsOf(seleksi.rules),
    });
    // The definition's rules as they stood when the officer confirmed (the row's created_at), then
    // earlier winners (frozen rankings of earlier seleksi at the same level and region).
    const rules = catId ? categoryRulesOf(payload.categoryCode, settingsOf.get(catId), seleksi.rules) : null;
    const refusal =
      checked ??
      (rules ? checkEligibility(rules, payload, utcInstant(row.created_at)) : null) ??
      (rules
        ? await checkRecentWinner(
            rules,
            { nik: payload.answers.nik, nomineeName: payload.nomineeName, regionCode: payload.regionCode },
            async (rule) =>
              (await pastWinners(sql, row.seleksi_id, payload.categoryCode, rule.years, rule.rank)).map(
                (w) => ({
                  nik: w.nik,
                  nomineeName: w.nominee_name,
                  regionCode: w.region_code,
                  rank: w.rank,
                  year: w.year,
                  seleksiCode: w.seleksi_code,
                }),
              ),
          )
        : null);
    if (refusal || !catId) {
      refuse(
        row,
        refusal ?? {
          reason: 'unknown_category',
          messageId: `Kategori ${payload.categoryCode} tidak ada dalam seleksi ini.`,
          messageEn: `Category ${payload.categoryCode} is not part of this seleksi.`,
        },
      );
      continue;
    }
    const attachments = payload.attachments.map((a) => ({
      field: a.field,
      kind: a.kind,
      channel: row.channel as 'TELEGRAM' | 'WHATSAPP' | 'CONSOLE',
      fileRef: a.fileRef,
      localPath: a.localPath ?? null,
      mimeType: a.mimeType ?? null,
      fileName: a.fileName ?? null,
      caption: a.caption ?? null,
    }));
    if (editOf) {
      await sql(
        `UPDATE nomination
            SET nominee_name = $2, answers = $3::jsonb, region_code = $4, revision = revision + 1,
                updated_at = ($5::timestamptz AT TIME ZONE 'UTC'), updated_by_id = $6
          WHERE id = $1`,
        editOf.id,
        payload.nomineeName,
        JSON.stringify(payload.answers),
        payload.regionCode,
        at.toISOString(),
        row.person_id,
      );
      // An edit resends the fields it changed: replace those attachments, keep the others.
      const fields = [...new Set(attachments.map((a) => a.field))];
      if (fields.length > 0) {
        await sql(
          `DELETE FROM attachment WHERE nomination_id = $1 AND field = ANY($2::text[])`,
          editOf.id,
          fields,
        );
        await insertAttachments(sql, editOf.id, attachments, at);
      }
      decisions.set(row.id, {
        outcome: {
          status: 'written',
          kind: 'NOMINATION',
          number: editNumber,
          nominationId: editOf.id,
          updated: true,
          ...(previousEditor ? { previousEditor } : {}),
        },
        resultRef: editNumber,
        audit: {
          action: 'nomination.updated',
          data: { submissionId: row.id, nominationId: editOf.id, number: editNumber },
        },
      });
      continue;
    }
    const seq = nextSequence(
      slot.reduce<number | null>((max, n) => (max === null || n.seq > max ? n.seq : max), null),
    );
    const number = formatNomineeNumber(seleksi.code, payload.categoryCode, seq);
    const created = { id: randomUUID() };
    await sql(
      `INSERT INTO nomination (id, seleksi_id, category_id, region_code, number, seq, nominee_name, answers,
                               submitted_by_id, submitted_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, ($10::timestamptz AT TIME ZONE 'UTC'),
               ($10::timestamptz AT TIME ZONE 'UTC'))`,
      created.id,
      row.seleksi_id,
      catId,
      payload.regionCode,
      number,
      seq,
      payload.nomineeName,
      JSON.stringify(payload.answers),
      row.person_id,
      at.toISOString(),
    );
    await insertAttachments(sql, created.id, attachments, at);
    decisions.set(row.id, {
      outcome: { status: 'written', kind: 'NOMINATION', number, nominationId: created.id, updated: false },
      resultRef: number,
      audit: {
        action: 'nomination.created',
        data: { submissionId: row.id, nominationId: created.id, number },
      },
    });
  }
}
