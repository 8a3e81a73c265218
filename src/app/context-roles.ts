import type { NomineeRow } from '../db/chat-store.ts';
import type { PrismaDb } from '../db/client.ts';
import type { AnswerValue, ListWants, Locale } from '../flow-engine/api.ts';
import type { CategoryRow } from './category-cache.ts';
import type { NominationView, SeleksiData } from './flow-steps/context.ts';
import type { Identity } from './identity.ts';
import { type JurorSources, jurorStatusLines, loadJurorLists } from './juror-lists.ts';
import type { RegionCache } from './region-cache.ts';
import { t } from './texts.ts';

/**
 * The role-specific part of a message's context data: an officer's kabupaten's nominations and a
 * juror's lists, each with its lines of the `status` text.
 */

/** The `status` text's lines, per language. */
export type StatusLines = Record<Locale, string[]>;

/** A juror's lists to read for the message (FlowEngine.wants), and where to run the statements. */
export interface JurorRead extends JurorSources {
  wants: ListWants;
}

/** What the role parts read from: the message's context so far and its reads. */
export interface RoleScope {
  db: PrismaDb;
  regions: RegionCache;
  identity: Identity;
  membership: NonNullable<Identity['membership']>;
  regionName: string | null;
  data: SeleksiData;
  lines: StatusLines;
}

/**
 * An officer: their kabupaten's nominations (not only their own: a replaced officer's stay
 * visible), as the chat read loaded them, with the kecamatan and desa lists.
 */
export async function addOfficerLists(scope: RoleScope, regionCode: string): Promise<void> {
  const { db, regions, data } = scope;
  const districts = await regions.districtsOf(db, regionCode);
  const myNominations = await nominationViews(db, regions, scope.identity.nominations ?? []);
  data.lists = { ...data.lists, kecamatan: districts.kecamatan, desaOf: districts.desaOf, myNominations };
  const list = myNominations.map((n) => `\n• ${n.number} — ${n.nomineeName} (${n.categoryCode})`).join('');
  for (const l of ['id', 'en'] as const) {
    scope.lines[l].push(
      t('status.officer', l, {
        region: scope.regionName ?? regionCode,
        count: myNominations.length,
        list,
      }),
    );
  }
}

/** A juror: the page and the chosen nominee the message reads (see loadJurorLists). */
export async function addJurorLists(scope: RoleScope, juror: JurorRead, mine: CategoryRow[]): Promise<void> {
  const { membership, data } = scope;
  const read = await loadJurorLists(juror, scope.db, scope.regions, {
    jurorId: scope.identity.person.id,
    seleksiId: membership.seleksi.id,
    regionCode: membership.regionCode,
    categoryIds: mine.map((c) => c.id),
  });
  if (read.page) data.lists.jurorPage = read.page;
  if (read.chosen) data.lists.jurorChosen = read.chosen;
  for (const l of ['id', 'en'] as const) scope.lines[l].push(...jurorStatusLines(read, l));
}

/** The officer's nominations as the flows' views, with kabupaten/kota names. */
async function nominationViews(
  db: PrismaDb,
  regions: RegionCache,
  rows: NomineeRow[],
): Promise<NominationView[]> {
  if (rows.length === 0) return [];
  const names = await regions.names(
    db,
    rows.map((r) => r.region_code),
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    categoryCode: r.category_code,
    nomineeName: r.nominee_name,
    regionName: names.get(r.region_code) ?? r.region_code,
    answers: (r.answers ?? {}) as Record<string, AnswerValue>,
  }));
}
