import type { PrismaClient, Tx } from '../db/client.ts';
import { type CategoryRules, categoryRulesOf } from '../domain/definition/category-rules.ts';
import { type Actor, canNominate, canScore, phaseLabel } from '../domain/permissions.ts';
import type {
  AnswerValue,
  CategoryView,
  FlowContext,
  ListWants,
  Locale,
  NominationView,
} from '../flow-engine/api.ts';
import { type JurorSources, jurorStatusLines, loadJurorLists } from './juror-lists.ts';
import type { RegionCache } from './region-cache.ts';
import { createResultsReader } from './results.ts';
import { t } from './texts.ts';

/**
 * Builds the FlowContext snapshot for one message: everything the pure engine may show or choose
 * from, in the user's locale, with the permission decisions already made by src/domain rules.
 */

type Db = PrismaClient | Tx;
type Phase = 'DRAFT' | 'NOMINATION' | 'SCORING' | 'CLOSED' | 'PUBLISHED';

/** Who is writing: the person and the membership the handler picked (null when unregistered). */
export interface Identity {
  person: { id: string; name: string; locale: string };
  membership: {
    role: 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN';
    regionCode: string | null;
    categories: string[];
    seleksi: { id: string; code: string; name: string; phase: Phase };
  } | null;
  /** The person's submissions in this seleksi still waiting for the worker. */
  pendingSubmissions: number;
  /** Officer: their kabupaten's nominations, loaded with the chat in one query; omitted → queried here. */
  nominations?: NomineeRow[] | null;
}

interface CategoryRow {
  id: string;
  code: string;
  nameId: string;
  nameEn: string;
  subjectType: 'PERSON' | 'ORGANISATION';
  criteria: {
    code: string;
    labelId: string;
    labelEn: string;
    weight: number;
    min: number;
    max: number;
    rubricId: string;
    rubricEn: string;
  }[];
  /** The definition's nomination settings, eligibility rules and evidence of this category. */
  rules?: CategoryRules;
}

/** Options of {@link createContextBuilder}. */
export interface ContextBuilderOptions {
  regions: RegionCache;
  /**
   * How long a seleksi's categories and criteria are kept in memory. They are fixed once the
   * seleksi leaves draft; the phase itself is read on every message.
   * @defaultValue 30000
   */
  categoryTtlMs?: number;
}

/** A juror's lists to read for the message (FlowEngine.wants), and where to run the statements. */
export interface JurorRead extends JurorSources {
  wants: ListWants;
}

/** Builds FlowContext snapshots; holds the in-memory caches (one per handler). */
export interface ContextBuilder {
  build(
    db: Db,
    identity: Identity | null,
    locale: Locale,
    now: Date,
    juror?: JurorRead,
  ): Promise<FlowContext>;
  /** Categories of a seleksi (cached), for the app's own checks. */
  categories(db: Db, seleksiId: string): Promise<CategoryRow[]>;
}

export function createContextBuilder(options: ContextBuilderOptions): ContextBuilder {
  const { regions } = options;
  const results = createResultsReader({ ttlMs: options.categoryTtlMs ?? 30_000 });
  const ttl = options.categoryTtlMs ?? 30_000;
  const categoryCache = new Map<string, { at: number; rows: CategoryRow[] }>();

  async function categories(db: Db, seleksiId: string): Promise<CategoryRow[]> {
    const hit = categoryCache.get(seleksiId);
    if (hit && Date.now() - hit.at < ttl) return hit.rows;
    const found = await db.category.findMany({
      where: { seleksiId },
      orderBy: [{ position: 'asc' }, { code: 'asc' }],
      select: {
        id: true,
        code: true,
        nameId: true,
        nameEn: true,
        subjectType: true,
        criteria: {
          orderBy: [{ position: 'asc' }, { code: 'asc' }],
          select: {
            code: true,
            labelId: true,
            labelEn: true,
            weight: true,
            min: true,
            max: true,
            rubricId: true,
            rubricEn: true,
          },
        },
        settings: true,
        seleksi: { select: { rules: true } },
      },
    });
    const rows = found.map(({ settings, seleksi, ...c }) => ({
      ...c,
      rules: categoryRulesOf(c.code, settings, seleksi.rules),
    }));
    categoryCache.set(seleksiId, { at: Date.now(), rows });
    return rows;
  }

  return {
    categories,
    async build(db, identity, locale, now, juror) {
      const membership = identity?.membership ?? null;
      const empty: FlowContext = {
        locale,
        now,
        person: null,
        seleksi: null,
        allowed: {
          nominate: canNominate('DRAFT', null),
          score: canScore('DRAFT', null),
        },
        lists: { kecamatan: [], desaOf: () => [], myNominations: [] },
        status: { id: t('status.unregistered', 'id'), en: t('status.unregistered', 'en') },
        result: null,
      };
      if (!identity) return empty;
      const regionName = membership?.regionCode ? await regions.name(db, membership.regionCode) : null;
      const person: FlowContext['person'] = {
        id: identity.person.id,
        name: identity.person.name,
        role: membership?.role ?? 'MEMBER',
        regionCode: membership?.regionCode ?? null,
        regionName,
      };
      if (!membership) return { ...empty, person };

      const actor: Actor = {
        role: membership.role,
        regionCode: membership.regionCode,
        categories: membership.categories,
      };
      const seleksi = membership.seleksi;
      const allCategories = await categories(db, seleksi.id);
      const mine =
        membership.role === 'JUROR'
          ? allCategories.filter((c) => membership.categories.includes(c.code))
          : allCategories;
      const categoryViews: CategoryView[] = mine.map(toCategoryView);

      const ctx: FlowContext = {
        ...empty,
        person,
        seleksi: {
          id: seleksi.id,
          code: seleksi.code,
          name: seleksi.name,
          phase: seleksi.phase,
          categories: categoryViews,
        },
        allowed: { nominate: canNominate(seleksi.phase, actor), score: canScore(seleksi.phase, actor) },
      };

      const pending = identity.pendingSubmissions;
      const lines = {
        id: [t('status.phase', 'id', { seleksi: seleksi.name, phase: phaseLabel(seleksi.phase, 'id') })],
        en: [t('status.phase', 'en', { seleksi: seleksi.name, phase: phaseLabel(seleksi.phase, 'en') })],
      };

      if (membership.role === 'OFFICER' && membership.regionCode) {
        const districts = await regions.districtsOf(db, membership.regionCode);
        const myNominations = await officerNominations(
          db,
          regions,
          seleksi.id,
          membership.regionCode,
          identity.nominations,
        );
        ctx.lists = { ...ctx.lists, kecamatan: districts.kecamatan, desaOf: districts.desaOf, myNominations };
        for (const l of ['id', 'en'] as const) {
          const list = myNominations
            .map((n) => `\n• ${n.number} — ${n.nomineeName} (${n.categoryCode})`)
            .join('');
          lines[l].push(
            t('status.officer', l, {
              region: regionName ?? membership.regionCode,
              count: myNominations.length,
              list,
            }),
          );
        }
      } else if (membership.role === 'JUROR' && juror) {
        const scope = {
          jurorId: identity.person.id,
          seleksiId: seleksi.id,
          regionCode: membership.regionCode,
        };
        const read = await loadJurorLists(juror, db, regions, {
          ...scope,
          categoryIds: mine.map((c) => c.id),
        });
        if (read.page) ctx.lists.jurorPage = read.page;
        if (read.chosen) ctx.lists.jurorChosen = read.chosen;
        for (const l of ['id', 'en'] as const) lines[l].push(...jurorStatusLines(read, l));
      }
      if (pending > 0) {
        lines.id.push(t('status.pending', 'id', { count: pending }));
        lines.en.push(t('status.pending', 'en', { count: pending }));
      }
      ctx.status = { id: lines.id.join('\n'), en: lines.en.join('\n') };
      ctx.result = await results.result(db, {
        personId: identity.person.id,
        role: membership.role,
        categories: membership.categories,
        seleksi,
        nominations: ctx.lists.myNominations,
      });
      return ctx;
    },
  };
}

/** Both languages: the engine picks the chat's at the moment it shows them (`bahasa` mid-question). */
function toCategoryView(c: CategoryRow): CategoryView {
  return {
    code: c.code,
    name: { id: c.nameId, en: c.nameEn || c.nameId },
    subjectType: c.subjectType,
    criteria: c.criteria.map((k) => ({
      code: k.code,
      label: { id: k.labelId, en: k.labelEn || k.labelId },
      weight: k.weight,
      min: k.min,
      max: k.max,
      rubric: { id: k.rubricId, en: k.rubricEn || k.rubricId },
      ...(c.rules?.evidence[k.code] ? { evidence: c.rules.evidence[k.code] } : {}),
    })),
    ...(c.rules ? { rules: c.rules } : {}),
  };
}

/** An officer's nomination as the handler's chat query or the query below returns it. */
export interface NomineeRow {
  id: string;
  number: string;
  nominee_name: string;
  region_code: string;
  answers: unknown;
  category_code: string;
}

async function toViews(db: Db, regions: RegionCache, rows: NomineeRow[]): Promise<NominationView[]> {
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

/**
 * The officer's kabupaten's nominations (not only their own: a replaced officer's stay visible).
 * Uses the rows the handler already loaded with the chat when given.
 */
async function officerNominations(
  db: Db,
  regions: RegionCache,
  seleksiId: string,
  regionCode: string,
  preloaded: NomineeRow[] | null | undefined,
): Promise<NominationView[]> {
  const rows =
    preloaded ??
    (await db.$queryRaw<NomineeRow[]>`
      SELECT n.id, n.number, n.nominee_name, n.region_code, n.answers, c.code AS category_code
        FROM nomination n JOIN category c ON c.id = n.category_id
       WHERE n.seleksi_id = ${seleksiId} AND n.region_code = ${regionCode} AND n.status = 'SUBMITTED'
       ORDER BY n.number`);
  return toViews(db, regions, rows);
}
