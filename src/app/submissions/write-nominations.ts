/**
 * Writes the nominations of a batch one by one, each under the numbering lock of its seleksi ×
 * category: the rules that need the nominees already numbered (one per kabupaten, limits, edits,
 * earlier winners) are checked under that lock, then the nomination is numbered gap-free or edited.
 */

import { randomUUID } from 'node:crypto';
import { pastWinners } from '../../db/past-winners-sql.ts';
import {
  type AttachmentRow,
  categoriesOf,
  deleteAttachmentFields,
  insertAttachments,
  insertNomination,
  lockNomineeForEdit,
  lockNumbering,
  nomineesOfCategory,
  numberingLockKey,
  type SlotRow,
  updateNomination,
} from '../../db/submission-nomination-sql.ts';
import type { SeleksiRow } from '../../db/submission-rows.ts';
import type { RunSql } from '../../db/submission-runner.ts';
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
  type Rejection,
} from '../../domain/submission-rules.ts';
import { nominationDecision, type RowDecision, refusalDecision } from './decisions.ts';
import { type BatchContext, type NominationItem, pushTo, timezoneOf, toNominee } from './rows.ts';

/** The categories of the batch's seleksis: codes per seleksi, ids by seleksi|code, settings by id. */
interface Categories {
  codesOf: Map<string, string[]>;
  idOf: Map<string, string>;
  settingsOf: Map<string, unknown>;
}

async function loadCategories(sql: RunSql, items: readonly NominationItem[]): Promise<Categories> {
  const rows = await categoriesOf(sql, [...new Set(items.map((i) => i.row.seleksi_id))]);
  const categories: Categories = { codesOf: new Map(), idOf: new Map(), settingsOf: new Map() };
  for (const c of rows) {
    pushTo(categories.codesOf, c.seleksi_id, c.code);
    categories.idOf.set(numberingLockKey(c.seleksi_id, c.code), c.id);
    categories.settingsOf.set(c.id, typeof c.settings === 'string' ? JSON.parse(c.settings) : c.settings);
  }
  return categories;
}

/** What an item is checked against, read under its numbering lock. */
interface Numbered {
  /** The nominee an edit changes, its number, and who changed it last if not the editor. */
  edit: { of: NomineeFacts; number: string; previousEditor?: { name: string; at: string } } | null;
  /** The nominees of the category so far. */
  slot: SlotRow[];
}

async function loadNumbered(
  sql: RunSql,
  item: NominationItem,
  seleksi: SeleksiRow,
  categoryId: string | undefined,
): Promise<Numbered> {
  const { row, payload } = item;
  if (categoryId) await lockNumbering(sql, row.seleksi_id, payload.categoryCode);
  const n =
    payload.nominationId === undefined
      ? null
      : await lockNomineeForEdit(sql, payload.nominationId, row.seleksi_id);
  const lastBy = n ? (n.updated_by_id ?? n.submitted_by_id) : null;
  const edit = n
    ? {
        of: toNominee(n),
        number: n.number,
        ...(lastBy && lastBy !== row.person_id
          ? {
              previousEditor: {
                name: n.last_by_name ?? '?',
                at: formatDeadline(new Date(n.last_ms), timezoneOf(seleksi)),
              },
            }
          : {}),
      }
    : null;
  const slot = categoryId ? await nomineesOfCategory(sql, row.seleksi_id, categoryId) : [];
  return { edit, slot };
}

/** A timestamp column (UTC, no offset in its JSON form) as an instant. */
function utcInstant(text: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
}

/**
 * The nomination rules against what is numbered already; then the definition's rules as they
 * stood when the officer confirmed (the row's created_at), then earlier winners (frozen rankings
 * of earlier seleksi at the same level and region). Null when it may be written.
 */
async function nominationRefusal(
  sql: RunSql,
  item: NominationItem,
  ctx: { seleksi: SeleksiRow; categories: Categories; categoryId: string | undefined; numbered: Numbered },
  batch: BatchContext,
): Promise<Rejection | null> {
  const { row, payload } = item;
  const { seleksi, categoryId, numbered } = ctx;
  const kabupaten = kabupatenOf(payload.regionCode);
  const checked = checkNomination({
    phase: row.phase ?? seleksi.phase,
    officer: batch.actorOf(row, 'OFFICER'),
    categoryCodes: ctx.categories.codesOf.get(row.seleksi_id) ?? [],
    nomination: {
      categoryCode: payload.categoryCode,
      regionCode: payload.regionCode,
      editOf: numbered.edit?.of ?? null,
      ...(payload.nominationId !== undefined ? { editId: payload.nominationId } : {}),
    },
    sameSlot: numbered.slot.filter(
      (n) => n.status === 'SUBMITTED' && kabupatenOf(n.region_code) === kabupaten,
    ),
    limits: nominationLimitsOf(seleksi.rules),
  });
  if (checked) return checked;
  if (!categoryId) return unknownCategory(payload.categoryCode);
  const rules = categoryRulesOf(
    payload.categoryCode,
    ctx.categories.settingsOf.get(categoryId),
    seleksi.rules,
  );
  return (
    checkEligibility(rules, payload, utcInstant(row.created_at)) ??
    (await checkRecentWinner(
      rules,
      { nik: payload.answers.nik, nomineeName: payload.nomineeName, regionCode: payload.regionCode },
      async (rule) =>
        (
          await pastWinners(sql, row.seleksi_id, payload.categoryCode, rule.years, rule.rank)
        ).map((w) => ({
          nik: w.nik,
          nomineeName: w.nominee_name,
          regionCode: w.region_code,
          rank: w.rank,
          year: w.year,
          seleksiCode: w.seleksi_code,
        })),
    ))
  );
}

function unknownCategory(code: string): Rejection {
  return {
    reason: 'unknown_category',
    id: `Kategori ${code} tidak ada dalam seleksi ini.`,
    en: `Category ${code} is not part of this seleksi.`,
  };
}

function attachmentsOf(item: NominationItem): AttachmentRow[] {
  return item.payload.attachments.map((a) => ({
    field: a.field,
    kind: a.kind,
    channel: item.row.channel,
    fileRef: a.fileRef,
    localPath: a.localPath ?? null,
    mimeType: a.mimeType ?? null,
    fileName: a.fileName ?? null,
    caption: a.caption ?? null,
  }));
}

/** Stores an accepted nomination: an edit in place (its resent attachment fields replaced), or a new number. */
async function storeNomination(
  sql: RunSql,
  item: NominationItem,
  target: { seleksi: SeleksiRow; categoryId: string; numbered: Numbered },
  at: Date,
): Promise<RowDecision> {
  const { row, payload } = item;
  const attachments = attachmentsOf(item);
  const { edit, slot } = target.numbered;
  if (edit) {
    await updateNomination(sql, { ...payload, id: edit.of.id, by: row.person_id, at });
    const fields = [...new Set(attachments.map((a) => a.field))];
    if (fields.length > 0) {
      await deleteAttachmentFields(sql, edit.of.id, fields);
      await insertAttachments(sql, edit.of.id, attachments, at);
    }
    return nominationDecision(row, {
      nominationId: edit.of.id,
      number: edit.number,
      updated: true,
      previousEditor: edit.previousEditor,
    });
  }
  const seq = nextSequence(
    slot.reduce<number | null>((max, n) => (max === null || n.seq > max ? n.seq : max), null),
  );
  const number = formatNomineeNumber(target.seleksi.code, payload.categoryCode, seq);
  const id = randomUUID();
  await insertNomination(
    sql,
    { ...payload, id, seleksiId: row.seleksi_id, categoryId: target.categoryId, number, seq },
    row.person_id,
    at,
  );
  await insertAttachments(sql, id, attachments, at);
  return nominationDecision(row, { nominationId: id, number, updated: false });
}

/** Checks and writes the nominations one by one; returns the decision for each (refused or written). */
export async function writeNominations(
  sql: RunSql,
  batch: BatchContext,
  items: readonly NominationItem[],
  at: Date,
): Promise<RowDecision[]> {
  if (items.length === 0) return [];
  const categories = await loadCategories(sql, items);
  // Take the numbering locks in one global order so concurrent batches cannot deadlock.
  const lockKey = (i: NominationItem) => numberingLockKey(i.row.seleksi_id, i.payload.categoryCode);
  const ordered = [...items].sort((a, b) => (lockKey(a) < lockKey(b) ? -1 : lockKey(a) > lockKey(b) ? 1 : 0));
  const decisions: RowDecision[] = [];
  for (const item of ordered) {
    const seleksi = batch.seleksiById.get(item.row.seleksi_id)!;
    const categoryId = categories.idOf.get(lockKey(item));
    const numbered = await loadNumbered(sql, item, seleksi, categoryId);
    const rejection = await nominationRefusal(
      sql,
      item,
      { seleksi, categories, categoryId, numbered },
      batch,
    );
    decisions.push(
      rejection || !categoryId
        ? refusalDecision({
            row: item.row,
            rejection: rejection ?? unknownCategory(item.payload.categoryCode),
          })
        : await storeNomination(sql, item, { seleksi, categoryId, numbered }, at),
    );
  }
  return decisions;
}
