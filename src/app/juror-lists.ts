import type { PrismaDb } from '../db/client.ts';
import {
  JUROR_COUNTS,
  JUROR_NOMINEES,
  JUROR_OPEN_PAGE,
  JUROR_SEARCH_COUNT,
  JUROR_SEARCH_PAGE,
  type JurorNomineeRow,
  type NomineeAsk,
  nomineesParams,
} from '../db/juror-sql.ts';
import type { StatementRunner } from '../db/statement.ts';
import type { AnswerValue, ListWants, ListWindow, Locale } from '../flow-engine/api.ts';
import { PAGE_SIZE } from '../flow-engine/paged-list.ts';
import { JUROR_NOMINEES as JUROR_LIST, type NominationView, type NomineePage } from './flow-steps/context.ts';
import type { RegionCache } from './region-cache.ts';
import { t } from './texts.ts';

/**
 * A juror's lists for one message, as bounded reads (src/db/juror-sql.ts): only what the engine
 * said the message reads (FlowEngine.wants) — the page of the list it shows with the progress
 * counts, and the nominee it chooses or scores with that nominee's dossier.
 */

/** Whose list: the juror, their seleksi, their categories' ids (in list order), their kabupaten/kota. */
export interface JurorScope {
  jurorId: string;
  seleksiId: string;
  categoryIds: string[];
  regionCode: string | null;
}

/** What was loaded: SeleksiData.lists' jurorPage and jurorChosen. */
export interface JurorLists {
  page?: NomineePage;
  chosen?: { id: string; nominee: NominationView | null };
  /** With the page: how many of the juror's nominees they recused from. */
  recused?: number;
}

interface Counts {
  nominees: number;
  recused: number;
  done: number;
}

/** Reads one nominee of a juror's list (null when it is not on it); batched across chats on the hot path. */
export type NomineeReader = (ask: NomineeAsk) => Promise<JurorNomineeRow | null>;

/** A NomineeReader running JUROR_NOMINEES for one ask. */
export function nomineeReader(runner: StatementRunner): NomineeReader {
  return async (ask) => (await runner.run<JurorNomineeRow>(JUROR_NOMINEES, nomineesParams([ask])))[0] ?? null;
}

/** Where a juror's reads run. */
export interface JurorSources {
  runner: StatementRunner;
  nominee: NomineeReader;
}

/** The `status` line of a juror's progress, when the message read the counts (a list or a command). */
export function jurorStatusLines(read: JurorLists, l: Locale): string[] {
  if (!read.page) return [];
  const recused = read.recused ? t('status.juror.recused', l, { count: read.recused }) : '';
  return [t('status.juror', l, { done: read.page.done, total: read.page.total, recused })];
}

/** Reads what `sources.wants` names (nothing when it names nothing). */
export async function loadJurorLists(
  sources: JurorSources & { wants: ListWants },
  db: PrismaDb,
  regions: RegionCache,
  scope: JurorScope,
): Promise<JurorLists> {
  const { runner, wants } = sources;
  const base = [scope.jurorId, scope.seleksiId, scope.categoryIds, scope.regionCode];
  const out: JurorLists = {};
  const want = wants[JUROR_LIST];
  if (want?.chosen != null) {
    const row = await sources.nominee({ ...scope, nominationId: want.chosen });
    const [nominee] = await toViews(db, regions, row ? [row] : []);
    out.chosen = { id: want.chosen, nominee: nominee ?? null };
  }
  if (want?.window) {
    const [counts] = await runner.run<Counts>(JUROR_COUNTS, base);
    out.recused = Number(counts?.recused ?? 0);
    out.page = await loadPage(runner, db, regions, base, want.window, counts);
  }
  return out;
}

async function loadPage(
  runner: StatementRunner,
  db: PrismaDb,
  regions: RegionCache,
  base: unknown[],
  window: ListWindow,
  counts: Counts | undefined,
): Promise<NomineePage> {
  const nominees = Number(counts?.nominees ?? 0);
  const recused = Number(counts?.recused ?? 0);
  const done = Number(counts?.done ?? 0);
  const page = { window, done, total: nominees - recused };
  if (window.query === null) {
    const rows = await runner.run<JurorNomineeRow>(JUROR_OPEN_PAGE, [...base, window.offset, PAGE_SIZE]);
    const items = await toViews(db, regions, rows);
    return { ...page, items, matches: nominees - recused - done, hiddenOwn: 0 };
  }
  // A number typed alone is a nominee's number ("7" finds …-007); other text is searched for.
  const q = window.query.trim();
  const seq = /^\d{1,9}$/.test(q) ? Number(q) : null;
  const search = [seq === null ? q : null, seq];
  const [found] = await runner.run<{ matches: number; hidden_own: number }>(JUROR_SEARCH_COUNT, [
    ...base.slice(1),
    ...search,
    base[0], // the juror
  ]);
  const rows = await runner.run<JurorNomineeRow>(JUROR_SEARCH_PAGE, [
    ...base,
    window.offset,
    PAGE_SIZE,
    ...search,
  ]);
  const items = await toViews(db, regions, rows);
  return {
    ...page,
    items,
    matches: Number(found?.matches ?? 0),
    hiddenOwn: Number(found?.hidden_own ?? 0),
  };
}

/** Rows as the flows' views: kabupaten/kota names, and a dossier parsed only when it is read. */
async function toViews(
  db: PrismaDb,
  regions: RegionCache,
  rows: JurorNomineeRow[],
): Promise<NominationView[]> {
  if (rows.length === 0) return [];
  const names = await regions.names(
    db,
    rows.map((r) => r.region_code),
  );
  return rows.map((r) => {
    const view: NominationView = {
      id: r.id,
      number: r.number,
      categoryCode: r.category_code,
      nomineeName: r.nominee_name,
      regionName: names.get(r.region_code) ?? r.region_code,
      answers: {},
      scored: Boolean(r.scored),
      recused: Boolean(r.recused),
      pending: Boolean(r.pending),
      ...(r.prior_result?.text ? { priorResult: r.prior_result.text } : {}),
    };
    const text = r.answers;
    if (typeof text === 'string') {
      let parsed: Record<string, AnswerValue> | undefined;
      Object.defineProperty(view, 'answers', {
        enumerable: true,
        get: () => {
          parsed ??= JSON.parse(text) as Record<string, AnswerValue>;
          return parsed;
        },
      });
    }
    return view;
  });
}
