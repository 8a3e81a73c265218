import type { PrismaDb } from '../db/client.ts';
import { type Actor, canNominate, canScore, phaseLabel } from '../domain/permissions.ts';
import type { Locale } from '../flow-engine/api.ts';
import {
  type CategoryCache,
  type CategoryRow,
  createCategoryCache,
  toCategoryView,
} from './category-cache.ts';
import {
  addJurorLists,
  addOfficerLists,
  type JurorRead,
  type RoleScope,
  type StatusLines,
} from './context-roles.ts';
import type { SeleksiContext, SeleksiData } from './flow-steps/context.ts';
import { seleksiContext } from './flow-steps/nominee-items.ts';
import type { Identity } from './identity.ts';
import type { RegionCache } from './region-cache.ts';
import { createResultsReader, type ResultsReader } from './results.ts';
import { t } from './texts.ts';

export type { JurorRead } from './context-roles.ts';
export type { Identity } from './identity.ts';

/**
 * Builds the context snapshot for one message: everything the pure engine and the seleksi's step
 * types may show or choose from (the seleksi's part in `data`, flow-steps/context.ts), in the
 * user's locale, with the permission decisions already made by src/domain rules.
 */

/** Options of {@link createContextBuilder}. */
export interface ContextBuilderOptions {
  regions: RegionCache;
  /**
   * How long a seleksi's categories and criteria (and results) are kept in memory. They are fixed
   * once the seleksi leaves draft; the phase itself is read on every message.
   * @defaultValue 30000
   */
  categoryTtlMs?: number;
}

/** Builds context snapshots; holds the in-memory caches (one per handler). */
export interface ContextBuilder {
  build(
    db: PrismaDb,
    identity: Identity | null,
    locale: Locale,
    now: Date,
    juror?: JurorRead,
  ): Promise<SeleksiContext>;
}

/** What building a context reads from besides the message. */
interface Sources {
  regions: RegionCache;
  categories: CategoryCache;
  results: ResultsReader;
}

export function createContextBuilder(options: ContextBuilderOptions): ContextBuilder {
  const ttl = options.categoryTtlMs ?? 30_000;
  const sources: Sources = {
    regions: options.regions,
    categories: createCategoryCache(ttl),
    results: createResultsReader({ ttlMs: ttl }),
  };
  return {
    build: (db, identity, locale, now, juror) => buildContext(sources, db, identity, locale, now, juror),
  };
}

/** The data of an unregistered chat; the others start from it. */
function emptyData(): SeleksiData {
  return {
    person: null,
    seleksi: null,
    allowed: { nominate: canNominate('DRAFT', null), score: canScore('DRAFT', null) },
    lists: { kecamatan: [], desaOf: () => [], myNominations: [] },
    result: null,
  };
}

async function buildContext(
  sources: Sources,
  db: PrismaDb,
  identity: Identity | null,
  locale: Locale,
  now: Date,
  juror: JurorRead | undefined,
): Promise<SeleksiContext> {
  const empty = emptyData();
  const unregistered = { id: t('status.unregistered', 'id'), en: t('status.unregistered', 'en') };
  if (!identity) return seleksiContext({ locale, now, status: unregistered, data: empty });
  const membership = identity.membership;
  const regionName = membership?.regionCode ? await sources.regions.name(db, membership.regionCode) : null;
  const person: SeleksiData['person'] = {
    id: identity.person.id,
    name: identity.person.name,
    role: membership?.role ?? 'MEMBER',
    regionCode: membership?.regionCode ?? null,
    regionName,
  };
  if (!membership) return seleksiContext({ locale, now, status: unregistered, data: { ...empty, person } });
  const { data, mine } = await memberData(sources, db, { ...empty, person }, membership);
  const scope: RoleScope = {
    db,
    regions: sources.regions,
    identity,
    membership,
    regionName,
    data,
    lines: phaseLines(membership),
  };
  if (membership.role === 'OFFICER' && membership.regionCode) {
    await addOfficerLists(scope, membership.regionCode);
  } else if (membership.role === 'JUROR' && juror) {
    await addJurorLists(scope, juror, mine);
  }
  const status = statusOf(scope.lines, identity.pendingSubmissions);
  data.result = await sources.results.result(db, {
    personId: identity.person.id,
    role: membership.role,
    categories: membership.categories,
    seleksi: membership.seleksi,
    nominations: data.lists.myNominations,
  });
  return seleksiContext({ locale, now, status, data });
}

/** A juror sees their categories only; everyone else all of them. */
function mineOf<T extends { code: string }>(membership: NonNullable<Identity['membership']>, all: T[]): T[] {
  return membership.role === 'JUROR' ? all.filter((c) => membership.categories.includes(c.code)) : all;
}

/** A member's data: their seleksi, its categories (`mine`) and what they may do in its phase. */
async function memberData(
  sources: Sources,
  db: PrismaDb,
  base: SeleksiData,
  membership: NonNullable<Identity['membership']>,
): Promise<{ data: SeleksiData; mine: CategoryRow[] }> {
  const actor: Actor = {
    role: membership.role,
    regionCode: membership.regionCode,
    categories: membership.categories,
  };
  const { seleksi } = membership;
  const mine = mineOf(membership, await sources.categories(db, seleksi.id));
  const data: SeleksiData = {
    ...base,
    seleksi: {
      id: seleksi.id,
      code: seleksi.code,
      name: seleksi.name,
      phase: seleksi.phase,
      categories: mine.map(toCategoryView),
    },
    allowed: { nominate: canNominate(seleksi.phase, actor), score: canScore(seleksi.phase, actor) },
  };
  return { data, mine };
}

/** The `status` text's first line: the seleksi and its phase. */
function phaseLines(membership: NonNullable<Identity['membership']>): StatusLines {
  const { seleksi } = membership;
  const line = (l: Locale) =>
    t('status.phase', l, { seleksi: seleksi.name, phase: phaseLabel(seleksi.phase, l) });
  return { id: [line('id')], en: [line('en')] };
}

/** The `status` text, with the pending submissions' line last. */
function statusOf(lines: StatusLines, pending: number): SeleksiContext['status'] {
  if (pending > 0) {
    lines.id.push(t('status.pending', 'id', { count: pending }));
    lines.en.push(t('status.pending', 'en', { count: pending }));
  }
  return { id: lines.id.join('\n'), en: lines.en.join('\n') };
}
