/**
 * The `hasil` answer. Before publication: the results are not announced yet (and when they are
 * expected, if the definition says). After publication (phase PUBLISHED): an officer sees their
 * kabupaten/kota's nominees, a nominee registered as a member sees their own rank, final score and
 * mean per criterion beside the category's top N, a juror sees the rankings of their categories,
 * others the top N of every category. The frozen ranking is cached per seleksi for a short while.
 */
import type { Bilingual, RoleName } from '../core/names.ts';
import type { PrismaDb } from '../db/client.ts';
import { memberNomineeId } from '../db/people-lookup.ts';
import { loadLatestRanking, type StoredEntryRow } from '../db/ranking-sql.ts';
import { seleksiResultLabels } from '../db/seleksi-records.ts';
import { type Award, awardLabel, formatScore } from '../domain/ranking/index.ts';
import type { Locale } from '../flow-engine/api.ts';
import type { NominationView } from './flow-steps/context.ts';
import { type EntryDetail, type RankingMeta, timezoneOf } from './ranking-view.ts';
import { t } from './texts.ts';

type Text = Bilingual;

/** Who asks, as far as results go. */
export interface ResultsAsker {
  personId: string;
  role: RoleName;
  categories: readonly string[];
  seleksi: { id: string; name: string; phase: string };
  /** Officer: their kabupaten/kota's nominations. */
  nominations: readonly NominationView[];
}

interface CachedCategory {
  code: string;
  name: Text;
  criteria: { code: string; label: Text }[];
  entries: StoredEntryRow[];
}

interface Cached {
  at: number;
  /** When the results are expected (null: not said), the definition's timezone. */
  expected: Date | null;
  timezone: string;
  top: number;
  categories: CachedCategory[] | null;
}

/** Options of {@link createResultsReader}. */
export interface ResultsReaderOptions {
  /** How long a seleksi's ranking is kept in memory. @defaultValue 30000 */
  ttlMs?: number;
}

export interface ResultsReader {
  /** The `hasil` answer for this person, in both languages. */
  result(db: PrismaDb, asker: ResultsAsker): Promise<Text>;
}

const both = (f: (l: Locale) => string): Text => ({ id: f('id'), en: f('en') });

function entryLine(e: StoredEntryRow, of: number, l: Locale): string {
  const award = e.award ? `, ${awardLabel(e.award as Award, l)}` : '';
  if (e.rank === null) return t('result.line.flagged', l, { number: e.number, name: e.name });
  return t('result.line', l, {
    number: e.number,
    name: e.name,
    rank: e.rank,
    of,
    score: e.final_score === null ? '-' : formatScore(e.final_score, l),
    award,
  });
}

function topList(c: CachedCategory, n: number, l: Locale): string {
  const ranked = c.entries.filter((e) => e.rank !== null);
  const lines = ranked
    .filter((e) => e.rank! <= n)
    .map((e) => {
      const award = e.award ? ` — ${awardLabel(e.award as Award, l)}` : '';
      return `${e.rank}. ${e.number} ${e.name} (${e.region_name ?? e.region}): ${formatScore(e.final_score!, l)}${award}`;
    });
  return `${t('result.top', l, { category: c.name[l], n })}\n${lines.join('\n')}`;
}

/** The seleksi's results date and, once published, its frozen ranking (not read before: nobody sees it). */
async function load(db: PrismaDb, seleksiId: string, published: boolean): Promise<Omit<Cached, 'at'>> {
  const seleksi = await seleksiResultLabels(db, seleksiId);
  const tz = timezoneOf(seleksi.definition);
  const stored = published ? await loadLatestRanking(db, seleksiId) : null;
  const meta = stored?.ranking.meta as RankingMeta | undefined;
  const awards = meta?.method?.awards;
  return {
    expected: seleksi.resultsAnnouncedAt,
    timezone: tz,
    top: Math.max(3, (awards?.juara ?? 3) + (awards?.harapan ?? 0)),
    categories: stored
      ? seleksi.categories.map((c) => ({
          code: c.code,
          name: { id: c.nameId, en: c.nameEn },
          criteria: c.criteria.map((k) => ({ code: k.code, label: { id: k.labelId, en: k.labelEn } })),
          entries: stored.entries.filter((e) => e.category_code === c.code),
        }))
      : null,
  };
}

/** The results of the officer's kabupaten/kota. */
function officerView(cats: CachedCategory[], mine: readonly NominationView[]): Text {
  const ids = new Set(mine.map((n) => n.id));
  return both((l) => {
    const lines = cats.flatMap((c) => {
      const of = c.entries.filter((e) => e.rank !== null).length;
      return c.entries.filter((e) => ids.has(e.nomination_id)).map((e) => `• ${entryLine(e, of, l)}`);
    });
    return lines.length > 0 ? `${t('result.officer', l)}\n${lines.join('\n')}` : t('result.none.mine', l);
  });
}

/** A nominee's own result beside their category's top N. */
function nomineeView(cats: CachedCategory[], nominationId: string, top: number): Text | null {
  for (const c of cats) {
    const e = c.entries.find((x) => x.nomination_id === nominationId);
    if (!e) continue;
    const d = e.detail as EntryDetail;
    const of = c.entries.filter((x) => x.rank !== null).length;
    return both((l) => {
      const means = c.criteria
        .map((k) => `${k.label[l]} ${d.criteria[k.code] == null ? '-' : formatScore(d.criteria[k.code]!, l)}`)
        .join('; ');
      return [
        t('result.nominee', l, { line: entryLine(e, of, l) }),
        t('result.criteria', l, { means }),
        '',
        topList(c, top, l),
      ].join('\n');
    });
  }
  return null;
}

/** Creates the reader (one per handler, like the context builder). */
export function createResultsReader(options: ResultsReaderOptions = {}): ResultsReader {
  const ttl = options.ttlMs ?? 30_000;
  const cache = new Map<string, Cached>();
  return {
    async result(db, asker) {
      let c = cache.get(asker.seleksi.id);
      // Published since it was cached: the ranking must be read now, not in up to ttl ms.
      const stale = c && asker.seleksi.phase === 'PUBLISHED' && !c.categories;
      if (!c || stale || Date.now() - c.at > ttl) {
        c = { at: Date.now(), ...(await load(db, asker.seleksi.id, asker.seleksi.phase === 'PUBLISHED')) };
        cache.set(asker.seleksi.id, c);
      }
      if (asker.seleksi.phase !== 'PUBLISHED' || !c.categories) {
        const expected = c.expected;
        const tz = c.timezone;
        return both((l) =>
          expected
            ? t('result.pending.date', l, {
                date: expected.toLocaleDateString(l === 'id' ? 'id-ID' : 'en-GB', {
                  day: 'numeric',
                  month: 'long',
                  year: 'numeric',
                  timeZone: tz,
                }),
              })
            : t('result.pending', l),
        );
      }
      const cats = c.categories;
      const heading = both((l) => t('result.heading', l, { seleksi: asker.seleksi.name }));
      const body = await bodyFor(db, asker, cats, c.top);
      return { id: `${heading.id}\n\n${body.id}`, en: `${heading.en}\n\n${body.en}` };
    },
  };
}

async function bodyFor(
  db: PrismaDb,
  asker: ResultsAsker,
  cats: CachedCategory[],
  top: number,
): Promise<Text> {
  if (asker.role === 'OFFICER') return officerView(cats, asker.nominations);
  if (asker.role === 'MEMBER') {
    const nomineeId = await memberNomineeId(db, asker.personId, asker.seleksi.id);
    const own = nomineeId ? nomineeView(cats, nomineeId, top) : null;
    if (own) return own;
  }
  const shown = asker.role === 'JUROR' ? cats.filter((c) => asker.categories.includes(c.code)) : cats;
  return both((l) =>
    shown.map((c) => topList(c, asker.role === 'JUROR' ? Math.max(top, 10) : top, l)).join('\n\n'),
  );
}
