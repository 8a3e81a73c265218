/**
 * Writes confirmed submissions (the `submission` outbox rows) into the records: nominations with
 * their numbers and attachments, score sheets with their scores, recusals. Exactly once: each call
 * locks the submission rows, returns the stored outcome of rows already processed, and marks the
 * others DONE or FAILED in the same transaction as the records it writes.
 *
 * Several submissions can be handled in one transaction (`processBatch`): the facts are read in one
 * round trip, score sheets / recusals are written with bulk upserts, and the outcome plus audit
 * events in one statement, which is what lets the queue worker keep up with thousands of score
 * sheets per second.
 */

import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ChannelName } from '../channels/core/messages.ts';
import type { PrismaClient } from '../db/client.ts';
import { formatNomineeNumber, nextSequence } from '../domain/numbering.ts';
import { type Actor, kabupatenOf, type PhaseName, type RoleName } from '../domain/permissions.ts';
import {
  type NominationPayload,
  type RecusalPayload,
  type ScoreSheetPayload,
  submissionPayloadSchemas,
} from '../domain/submission.ts';
import {
  type CriterionFacts,
  checkNomination,
  checkRecusal,
  checkScoreSheet,
  type NomineeFacts,
  nominationLimitsOf,
  type Rejection,
} from '../domain/submission-rules.ts';
import type { Locale } from '../flow-engine/api.ts';
import type { SubmissionOutcome } from './ports.ts';
import { t } from './texts.ts';

export type SubmissionKindName = 'NOMINATION' | 'SCORE_SHEET' | 'RECUSAL';

/** One submission after processing, with what the worker needs to tell the user. */
export interface ProcessedSubmission {
  submissionId: string;
  kind: SubmissionKindName;
  outcome: SubmissionOutcome;
  /** False when it had been processed before: the stored outcome is returned, nothing written. */
  fresh: boolean;
  /** The chat the submission came from. */
  to: { channel: ChannelName; chatId: string };
  locale: Locale;
  /** The user has already been sent the confirmation (submission.confirmed_at is set). */
  confirmed: boolean;
}

/** The submission id does not exist (the job refers to nothing; retrying cannot help). */
export class SubmissionNotFoundError extends Error {
  override name = 'SubmissionNotFoundError';
  constructor(readonly submissionId: string) {
    super(`Submission ${submissionId} does not exist`);
  }
}

export interface SubmissionProcessor {
  /** Processes one submission (idempotent). Rejections are outcomes; database errors throw. */
  process(submissionId: string): Promise<SubmissionOutcome>;
  /**
   * Processes several submissions in one transaction. Ids that do not exist are absent from the
   * result. Throws (and writes nothing) on a database error.
   */
  processBatch(submissionIds: readonly string[]): Promise<Map<string, ProcessedSubmission>>;
  /** Records that the users were told, so a re-run does not confirm twice. */
  markConfirmed(submissionIds: readonly string[]): Promise<void>;
}

export interface SubmissionProcessorDeps {
  prisma: PrismaClient;
  /**
   * A node-postgres pool on the same database and schema (`createPgPool(DATABASE_URL)`). When
   * given, the batch transactions run on it instead of Prisma: the same SQL at a fraction of the
   * CPU per row, which is what the worker's throughput hangs on.
   */
  pool?: pg.Pool;
  /** Clock for processedAt / submittedAt. @defaultValue `() => new Date()` */
  now?: () => Date;
  /** Called after the transaction committed, before anything else happens (fault tests). */
  afterCommit?: (submissionIds: readonly string[]) => void;
}

interface SubmissionRow {
  id: string;
  kind: SubmissionKindName;
  seleksi_id: string;
  person_id: string;
  channel: string;
  external_id: string;
  payload: unknown;
  status: 'PENDING' | 'DONE' | 'FAILED';
  outcome: SubmissionOutcome | null;
  result_ref: string | null;
  error: string | null;
  confirmed_at: Date | null;
  created_at: Date;
  locale: string | null;
}

interface SeleksiRow {
  id: string;
  code: string;
  phase: PhaseName;
  rules: unknown;
}

interface NomineeRow {
  id: string;
  seleksi_id: string;
  category_id: string;
  category_code: string;
  region_code: string;
  number: string;
  status: 'SUBMITTED' | 'WITHDRAWN';
}

/** What one submission turned into inside the transaction. */
interface Decision {
  outcome: SubmissionOutcome;
  resultRef: string | null;
  audit: { action: string; data: Record<string, unknown> };
}

/** Runs one SQL statement inside the current transaction and returns its rows. */
type Sql = <T = unknown[]>(text: string, ...params: unknown[]) => Promise<T>;

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;
/** Advisory-lock namespace (first key) for nominee numbering, apart from other lock users. */
const NUMBERING_LOCK = 0x5e1e_0001;

function rejected(r: Rejection): SubmissionOutcome {
  return { status: 'rejected', reason: r.reason, messageId: r.messageId, messageEn: r.messageEn };
}

function toLocale(value: string | null): Locale {
  return value === 'en' ? 'en' : 'id';
}

function toChannel(value: string): ChannelName {
  return value.toLowerCase() as ChannelName;
}

/** Creates the processor the queue worker (and in-process sinks) run. */
export function createSubmissionProcessor(deps: SubmissionProcessorDeps): SubmissionProcessor {
  const { prisma, pool } = deps;
  const now = deps.now ?? (() => new Date());

  /** One transaction: on the pg pool when there is one (far less CPU per row), else through Prisma. */
  async function inTransaction(fn: (sql: Sql) => Promise<void>): Promise<void> {
    if (!pool) {
      await prisma.$transaction(
        (tx) => fn(<T>(text: string, ...params: unknown[]) => tx.$queryRawUnsafe<T>(text, ...params)),
        TX_OPTIONS,
      );
      return;
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await fn(async <T>(text: string, ...params: unknown[]) => (await client.query(text, params)).rows as T);
      await client.query('COMMIT');
    } catch (error) {
      // A failed ROLLBACK means the connection is gone: drop it from the pool.
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw error;
    }
    client.release();
  }

  async function processBatch(ids: readonly string[]): Promise<Map<string, ProcessedSubmission>> {
    const unique = [...new Set(ids)];
    const result = new Map<string, ProcessedSubmission>();
    if (unique.length === 0) return result;
    const at = now();
    await inTransaction(async (sql) => {
      // Row locks in id order: concurrent batches never wait on each other in a cycle.
      const rows = await sql<SubmissionRow[]>(
        `SELECT s.id, s.kind::text AS kind, s.seleksi_id, s.person_id, s.channel::text AS channel,
                s.external_id, s.payload, s.status::text AS status, s.outcome, s.result_ref, s.error,
                s.confirmed_at, s.created_at, p.locale
           FROM submission s LEFT JOIN person p ON p.id = s.person_id
          WHERE s.id = ANY($1::text[])
          ORDER BY s.id
            FOR UPDATE OF s`,
        unique,
      );
      const pending = rows.filter((r) => r.status === 'PENDING');
      for (const row of rows) {
        if (row.status !== 'PENDING') {
          result.set(row.id, describe(row, storedOutcome(row), false));
        }
      }
      if (pending.length === 0) return;
      // Oldest first: the first nomination of a kabupaten wins and gets the lower number.
      pending.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
      const decisions = await decide(sql, pending, at);
      await recordDecisions(sql, pending, decisions, at);
      for (const row of pending) result.set(row.id, describe(row, decisions.get(row.id)!.outcome, true));
    });
    deps.afterCommit?.(unique);
    return result;
  }

  return {
    processBatch,
    async process(submissionId) {
      const found = (await processBatch([submissionId])).get(submissionId);
      if (!found) throw new SubmissionNotFoundError(submissionId);
      return found.outcome;
    },
    async markConfirmed(submissionIds) {
      if (submissionIds.length === 0) return;
      const sql: Sql = pool
        ? async <T>(text: string, ...params: unknown[]) => (await pool.query(text, params)).rows as T
        : <T>(text: string, ...params: unknown[]) => prisma.$queryRawUnsafe<T>(text, ...params);
      await sql(
        `UPDATE submission SET confirmed_at = ($2::timestamptz AT TIME ZONE 'UTC')
          WHERE id = ANY($1::text[]) AND confirmed_at IS NULL`,
        [...submissionIds],
        now().toISOString(),
      );
    },
  };
}

function describe(row: SubmissionRow, outcome: SubmissionOutcome, fresh: boolean): ProcessedSubmission {
  return {
    submissionId: row.id,
    kind: row.kind,
    outcome,
    fresh,
    to: { channel: toChannel(row.channel), chatId: row.external_id },
    locale: toLocale(row.locale),
    confirmed: row.confirmed_at !== null,
  };
}

/** The outcome of a row processed before; rows written by older code may lack the stored outcome. */
function storedOutcome(row: SubmissionRow): SubmissionOutcome {
  if (row.outcome) return row.outcome;
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

type Parsed =
  | { row: SubmissionRow; kind: 'NOMINATION'; payload: NominationPayload }
  | { row: SubmissionRow; kind: 'SCORE_SHEET'; payload: ScoreSheetPayload }
  | { row: SubmissionRow; kind: 'RECUSAL'; payload: RecusalPayload };

/** Validates, checks the rules and writes the records; returns one decision per pending row. */
async function decide(sql: Sql, pending: SubmissionRow[], at: Date): Promise<Map<string, Decision>> {
  const decisions = new Map<string, Decision>();
  const refuse = (row: SubmissionRow, r: Rejection) =>
    decisions.set(row.id, {
      outcome: rejected(r),
      resultRef: null,
      audit: {
        action: 'submission.rejected',
        data: { submissionId: row.id, kind: row.kind, reason: r.reason },
      },
    });

  const parsed: Parsed[] = [];
  for (const row of pending) {
    const schema = submissionPayloadSchemas[row.kind];
    const check = schema?.safeParse(row.payload);
    if (!check?.success) {
      const issue = check?.error.issues[0];
      const where = issue
        ? `${issue.path.join('.') || 'payload'}: ${issue.message}`
        : `unknown kind ${row.kind}`;
      refuse(row, {
        reason: 'invalid_payload',
        messageId: `Data tidak lengkap atau tidak valid (${where}).`,
        messageEn: `The data is incomplete or invalid (${where}).`,
      });
      continue;
    }
    const payload = check.data as { seleksiId: string };
    if (payload.seleksiId !== row.seleksi_id) {
      refuse(row, {
        reason: 'seleksi_mismatch',
        messageId: 'Data ini milik seleksi lain.',
        messageEn: 'This data belongs to another seleksi.',
      });
      continue;
    }
    parsed.push({ row, kind: row.kind, payload: check.data } as Parsed);
  }
  if (parsed.length === 0) return decisions;

  const facts = await loadFacts(sql, parsed);
  const { seleksis, memberships } = facts;
  const seleksiById = new Map(seleksis.map((s) => [s.id, s]));
  const actors = new Map<string, Actor>();
  for (const m of memberships) {
    actors.set(`${m.person_id}|${m.seleksi_id}|${m.role}`, {
      role: m.role,
      regionCode: m.region_code,
      categories: m.categories ?? [],
    });
  }
  const actorOf = (row: SubmissionRow, role: RoleName) =>
    actors.get(`${row.person_id}|${row.seleksi_id}|${role}`) ?? null;

  const live: Parsed[] = [];
  for (const p of parsed) {
    if (seleksiById.has(p.row.seleksi_id)) live.push(p);
    else
      refuse(p.row, {
        reason: 'seleksi_not_found',
        messageId: 'Seleksi ini tidak ditemukan.',
        messageEn: 'This seleksi was not found.',
      });
  }

  const nominations = live.filter(
    (p): p is Extract<Parsed, { kind: 'NOMINATION' }> => p.kind === 'NOMINATION',
  );
  const jurorWork = live.filter(
    (p): p is Extract<Parsed, { kind: 'SCORE_SHEET' | 'RECUSAL' }> => p.kind !== 'NOMINATION',
  );
  if (nominations.length > 0) {
    await writeNominations(sql, nominations, seleksiById, actorOf, at, decisions, refuse);
  }
  if (jurorWork.length > 0) {
    await writeJurorWork(sql, jurorWork, facts, seleksiById, actorOf, at, decisions, refuse);
  }
  return decisions;
}

type ActorOf = (row: SubmissionRow, role: RoleName) => Actor | null;
type Refuse = (row: SubmissionRow, r: Rejection) => void;

/** Nominations one by one, each under the numbering lock of its seleksi × category. */
async function writeNominations(
  sql: Sql,
  items: Extract<Parsed, { kind: 'NOMINATION' }>[],
  seleksiById: Map<string, SeleksiRow>,
  actorOf: ActorOf,
  at: Date,
  decisions: Map<string, Decision>,
  refuse: Refuse,
): Promise<void> {
  const seleksiIds = [...new Set(items.map((i) => i.row.seleksi_id))];
  const categories = await sql<{ id: string; seleksi_id: string; code: string }[]>(
    `SELECT id, seleksi_id, code FROM category WHERE seleksi_id = ANY($1::text[])`,
    seleksiIds,
  );
  const categoryCodes = new Map<string, string[]>();
  const categoryId = new Map<string, string>();
  for (const c of categories) {
    categoryCodes.set(c.seleksi_id, [...(categoryCodes.get(c.seleksi_id) ?? []), c.code]);
    categoryId.set(`${c.seleksi_id}|${c.code}`, c.id);
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
    if (payload.nominationId !== undefined) {
      const found = await sql<NomineeRow[]>(
        `SELECT n.id, n.seleksi_id, n.category_id, c.code AS category_code, n.region_code, n.number,
                n.status::text AS status
           FROM nomination n JOIN category c ON c.id = n.category_id
          WHERE n.id = $1 AND n.seleksi_id = $2
            FOR UPDATE OF n`,
        payload.nominationId,
        row.seleksi_id,
      );
      const n = found[0];
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
    const refusal = checkNomination({
      phase: seleksi.phase,
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
                updated_at = ($5::timestamptz AT TIME ZONE 'UTC')
          WHERE id = $1`,
        editOf.id,
        payload.nomineeName,
        JSON.stringify(payload.answers),
        payload.regionCode,
        at.toISOString(),
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

function toNominee(n: NomineeRow): NomineeFacts {
  return {
    id: n.id,
    seleksiId: n.seleksi_id,
    categoryCode: n.category_code,
    regionCode: n.region_code,
    status: n.status,
  };
}

/** Score sheets and recusals of a batch: facts in a few queries, writes as bulk upserts. */
async function writeJurorWork(
  sql: Sql,
  items: Extract<Parsed, { kind: 'SCORE_SHEET' | 'RECUSAL' }>[],
  facts: Facts,
  seleksiById: Map<string, SeleksiRow>,
  actorOf: ActorOf,
  at: Date,
  decisions: Map<string, Decision>,
  refuse: Refuse,
): Promise<void> {
  const { nominees, recusals, criteria: criteriaRows } = facts;
  const nomineeById = new Map(nominees.map((n) => [n.id, n]));
  const recused = new Set(recusals.map((r) => `${r.nomination_id}|${r.juror_id}`));
  const criteriaOf = new Map<string, CriterionFacts[]>();
  for (const c of criteriaRows) criteriaOf.set(c.category_id, [...(criteriaOf.get(c.category_id) ?? []), c]);

  // Accepted writes keyed by (nomination, juror): a later submission of the same sheet replaces an earlier one.
  const sheets = new Map<
    string,
    { rows: SubmissionRow[]; nominee: NomineeRow; payload: ScoreSheetPayload }
  >();
  const recs = new Map<string, { rows: SubmissionRow[]; nominee: NomineeRow; payload: RecusalPayload }>();
  for (const item of items) {
    const { row } = item;
    const n = nomineeById.get(item.payload.nominationId);
    const nominee = n && n.seleksi_id === row.seleksi_id ? n : undefined;
    const phase = seleksiById.get(row.seleksi_id)!.phase;
    const juror = actorOf(row, 'JUROR');
    const key = `${item.payload.nominationId}|${row.person_id}`;
    if (item.kind === 'SCORE_SHEET') {
      const refusal = checkScoreSheet({
        phase,
        juror,
        nominee: nominee ? toNominee(nominee) : null,
        criteria: nominee ? (criteriaOf.get(nominee.category_id) ?? []) : [],
        scores: item.payload.scores,
        recused: recused.has(key),
      });
      if (refusal) refuse(row, refusal);
      else
        sheets.set(key, {
          rows: [...(sheets.get(key)?.rows ?? []), row],
          nominee: nominee!,
          payload: item.payload,
        });
    } else {
      const refusal = checkRecusal({ phase, juror, nominee: nominee ? toNominee(nominee) : null });
      if (refusal) refuse(row, refusal);
      else
        recs.set(key, {
          rows: [...(recs.get(key)?.rows ?? []), row],
          nominee: nominee!,
          payload: item.payload,
        });
    }
  }
  const atText = at.toISOString();

  if (sheets.size > 0) {
    // Sorted by the unique key so concurrent batches take the index locks in the same order.
    const list = [...sheets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    const scoreRows: { nomination: string; juror: string; criterion: string; value: number }[] = [];
    for (const sheet of list) {
      const byCode = new Map((criteriaOf.get(sheet.nominee.category_id) ?? []).map((c) => [c.code, c.id]));
      for (const score of sheet.payload.scores) {
        scoreRows.push({
          nomination: sheet.nominee.id,
          juror: sheet.rows[0]!.person_id,
          criterion: byCode.get(score.criterionCode)!,
          value: score.value,
        });
      }
    }
    // One statement: the sheets (re-scoring keeps the sheet id) and their scores (re-scoring replaces
    // the values). Foreign keys are checked at the end of the statement, after both inserts.
    const upserted = await sql<{ id: string; nomination_id: string; juror_id: string }[]>(
      `WITH sheets AS (
         INSERT INTO score_sheet (id, seleksi_id, nomination_id, juror_id, comment, submitted_at)
         SELECT gen_random_uuid()::text, v.seleksi_id, v.nomination_id, v.juror_id, v.comment,
                ($5::timestamptz AT TIME ZONE 'UTC')
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(seleksi_id, nomination_id, juror_id, comment)
         ON CONFLICT (nomination_id, juror_id)
         DO UPDATE SET comment = EXCLUDED.comment, submitted_at = EXCLUDED.submitted_at
         RETURNING id, nomination_id, juror_id
       ), scores AS (
         INSERT INTO score (id, sheet_id, nomination_id, juror_id, criterion_id, value)
         SELECT gen_random_uuid()::text, sheets.id, x.nomination_id, x.juror_id, x.criterion_id, x.value
           FROM unnest($6::text[], $7::text[], $8::text[], $9::int[]) AS x(nomination_id, juror_id, criterion_id, value)
           JOIN sheets ON sheets.nomination_id = x.nomination_id AND sheets.juror_id = x.juror_id
          ORDER BY x.nomination_id, x.juror_id, x.criterion_id
         ON CONFLICT (nomination_id, juror_id, criterion_id)
         DO UPDATE SET value = EXCLUDED.value, sheet_id = EXCLUDED.sheet_id
       )
       SELECT id, nomination_id, juror_id FROM sheets`,
      list.map((sheet) => sheet.nominee.seleksi_id),
      list.map((sheet) => sheet.nominee.id),
      list.map((sheet) => sheet.rows[0]!.person_id),
      list.map((sheet) => sheet.payload.comment ?? null),
      atText,
      scoreRows.map((r) => r.nomination),
      scoreRows.map((r) => r.juror),
      scoreRows.map((r) => r.criterion),
      scoreRows.map((r) => r.value),
    );
    const sheetId = new Map(upserted.map((u) => [`${u.nomination_id}|${u.juror_id}`, u.id]));
    for (const sheet of list) {
      const id = sheetId.get(`${sheet.nominee.id}|${sheet.rows[0]!.person_id}`)!;
      for (const row of sheet.rows) {
        decisions.set(row.id, {
          outcome: {
            status: 'written',
            kind: 'SCORE_SHEET',
            sheetId: id,
            nominationNumber: sheet.nominee.number,
          },
          resultRef: id,
          audit: {
            action: 'score_sheet.recorded',
            data: { submissionId: row.id, sheetId: id, nominationId: sheet.nominee.id },
          },
        });
      }
    }
  }

  if (recs.size > 0) {
    const list = [...recs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    const upserted = await sql<{ id: string; nomination_id: string; juror_id: string }[]>(
      `INSERT INTO recusal (id, seleksi_id, nomination_id, juror_id, reason, created_at)
       SELECT gen_random_uuid()::text, v.seleksi_id, v.nomination_id, v.juror_id, v.reason,
              ($5::timestamptz AT TIME ZONE 'UTC')
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(seleksi_id, nomination_id, juror_id, reason)
       ON CONFLICT (nomination_id, juror_id) DO UPDATE SET reason = EXCLUDED.reason
       RETURNING id, nomination_id, juror_id`,
      list.map((r) => r.nominee.seleksi_id),
      list.map((r) => r.nominee.id),
      list.map((r) => r.rows[0]!.person_id),
      list.map((r) => r.payload.reason),
      atText,
    );
    const recusalId = new Map(upserted.map((u) => [`${u.nomination_id}|${u.juror_id}`, u.id]));
    for (const r of list) {
      const id = recusalId.get(`${r.nominee.id}|${r.rows[0]!.person_id}`)!;
      for (const row of r.rows) {
        decisions.set(row.id, {
          outcome: { status: 'written', kind: 'RECUSAL', recusalId: id, nominationNumber: r.nominee.number },
          resultRef: id,
          audit: {
            action: 'recusal.recorded',
            data: { submissionId: row.id, recusalId: id, nominationId: r.nominee.id },
          },
        });
      }
    }
  }
}

/** Marks every pending row DONE or FAILED with its outcome and writes one audit event each (one statement). */
async function recordDecisions(
  sql: Sql,
  pending: SubmissionRow[],
  decisions: Map<string, Decision>,
  at: Date,
): Promise<void> {
  const list = pending.map((row) => ({ row, d: decisions.get(row.id)! }));
  await sql(
    `WITH v AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[])
         AS v(id, status, result_ref, outcome, error, actor_id, seleksi_id, action, data)
     ), updated AS (
       UPDATE submission s
          SET status = v.status::"SubmissionStatus", result_ref = v.result_ref, outcome = v.outcome::jsonb,
              error = v.error, processed_at = ($10::timestamptz AT TIME ZONE 'UTC'), attempts = s.attempts + 1
         FROM v WHERE s.id = v.id
     )
     INSERT INTO audit_event (id, at, actor_id, seleksi_id, action, data)
     SELECT gen_random_uuid()::text, ($10::timestamptz AT TIME ZONE 'UTC'), v.actor_id, v.seleksi_id, v.action,
            v.data::jsonb
       FROM v`,
    list.map((x) => x.row.id),
    list.map((x) => (x.d.outcome.status === 'written' ? 'DONE' : 'FAILED')),
    list.map((x) => x.d.resultRef),
    list.map((x) => JSON.stringify(x.d.outcome)),
    list.map((x) =>
      x.d.outcome.status === 'rejected' ? `${x.d.outcome.reason}: ${x.d.outcome.messageEn}` : null,
    ),
    list.map((x) => x.row.person_id),
    list.map((x) => x.row.seleksi_id),
    list.map((x) => x.d.audit.action),
    list.map((x) => JSON.stringify(x.d.audit.data)),
    at.toISOString(),
  );
}

/** Everything the rules need about a batch, read in one round trip. */
interface Facts {
  seleksis: SeleksiRow[];
  memberships: {
    person_id: string;
    seleksi_id: string;
    role: RoleName;
    region_code: string | null;
    categories: string[] | null;
  }[];
  /** Nominees the score sheets and recusals refer to. */
  nominees: NomineeRow[];
  recusals: { nomination_id: string; juror_id: string }[];
  criteria: (CriterionFacts & { category_id: string })[];
}

async function loadFacts(sql: Sql, parsed: Parsed[]): Promise<Facts> {
  const seleksiIds = [...new Set(parsed.map((p) => p.row.seleksi_id))];
  const personIds = [...new Set(parsed.map((p) => p.row.person_id))];
  const nominationIds = [
    ...new Set(parsed.flatMap((p) => (p.kind === 'NOMINATION' ? [] : [p.payload.nominationId]))),
  ];
  const rows = await sql<Record<keyof Facts, unknown>[]>(
    `SELECT
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT id, code, phase::text AS phase, rules FROM seleksi WHERE id = ANY($1::text[])) x) AS seleksis,
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT person_id, seleksi_id, role::text AS role, region_code, categories
            FROM membership WHERE person_id = ANY($2::text[]) AND seleksi_id = ANY($1::text[])) x) AS memberships,
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT n.id, n.seleksi_id, n.category_id, c.code AS category_code, n.region_code, n.number,
                 n.status::text AS status
            FROM nomination n JOIN category c ON c.id = n.category_id WHERE n.id = ANY($3::text[])) x) AS nominees,
       (SELECT coalesce(json_agg(x), '[]'::json) FROM (
          SELECT nomination_id, juror_id FROM recusal
           WHERE nomination_id = ANY($3::text[]) AND juror_id = ANY($2::text[])) x) AS recusals,
       (SELECT coalesce(json_agg(x ORDER BY x.position, x.code), '[]'::json) FROM (
          SELECT id, category_id, code, min, max, position FROM criterion
           WHERE category_id IN (SELECT category_id FROM nomination WHERE id = ANY($3::text[]))) x) AS criteria`,
    seleksiIds,
    personIds,
    nominationIds,
  );
  const row = rows[0]!;
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    seleksis: parse(row.seleksis),
    memberships: parse(row.memberships),
    nominees: parse(row.nominees),
    recusals: parse(row.recusals),
    criteria: parse(row.criteria),
  };
}

/** The message that tells the user what became of their submission, in their language. */
export function confirmationText(outcome: SubmissionOutcome, locale: Locale): string {
  if (outcome.status === 'rejected') {
    return t('submission.rejected', locale, {
      reason: locale === 'en' ? outcome.messageEn : outcome.messageId,
    });
  }
  switch (outcome.kind) {
    case 'NOMINATION':
      return t(outcome.updated ? 'submission.nomination.updated' : 'submission.nomination.recorded', locale, {
        number: outcome.number,
      });
    case 'SCORE_SHEET':
      return t('submission.scores.recorded', locale, { number: outcome.nominationNumber });
    case 'RECUSAL':
      return t('submission.recusal.recorded', locale, { number: outcome.nominationNumber });
  }
}

type AttachmentRow = {
  field: string;
  kind: 'PHOTO' | 'DOCUMENT';
  channel: string;
  fileRef: string;
  localPath: string | null;
  mimeType: string | null;
  fileName: string | null;
  caption: string | null;
};

async function insertAttachments(
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
