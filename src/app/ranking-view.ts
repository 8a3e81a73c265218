/**
 * A frozen ranking as people and programs read it: `seleksi ranking` (table and `--json`, PRODUCT.md
 * §5), `close`, the export and `hasil`. Built from the stored ranking, never recomputed.
 */
import type { Bilingual } from '../core/names.ts';
import type { PrismaDb } from '../db/client.ts';
import { loadLatestRanking, type StoredEntryRow } from '../db/ranking-sql.ts';
import { regionNames } from '../db/region-lookup.ts';
import {
  type Award,
  awardLabel,
  type CanonicalMethod,
  type TieNote,
  tieNoteText,
} from '../domain/ranking/index.ts';
import type { SeleksiRecord } from './ranking-facts.ts';

/** What `meta` of a stored ranking holds (written by close). */
export interface RankingMeta {
  version: number;
  /** The method as in the digest (snake_case). */
  method: CanonicalMethod;
  inputDigest: string;
  jurors: number;
  juaraUmum: { region: string; points: number; placings: number[]; rank: number }[] | null;
}

/** What `detail` of a stored entry holds. */
export interface EntryDetail {
  position: number;
  criteria: Record<string, number | null>;
  z: number | null;
  jurors: number;
  spread: number | null;
  submittedAt: string;
}

export interface ViewEntry {
  rank: number | null;
  number: string;
  nominationId: string;
  name: string;
  region: string;
  regionCode: string;
  final: number | null;
  z: number | null;
  criteria: Record<string, number | null>;
  jurors: number;
  spread: number | null;
  award: Award | null;
  flag: string | null;
  tie: TieNote | null;
  /** The tie note in Bahasa Indonesia and English; null without a tie. */
  tieText: Bilingual | null;
  submittedAt: string;
}

export interface ViewCategory {
  code: string;
  name: Bilingual;
  criteria: { code: string; label: Bilingual }[];
  entries: ViewEntry[];
}

export interface RankingView {
  seleksiId: string;
  seleksi: string;
  name: string;
  level: string;
  region: string;
  year: number;
  timezone: string;
  digest: string;
  inputDigest: string;
  closedAt: string | null;
  computedAt: string;
  forced: boolean;
  method: CanonicalMethod;
  jurors: number;
  missing: { juror: number; name: string; numbers: string[] }[];
  categories: ViewCategory[];
  juaraUmum:
    | { rank: number; region: string; regionName: string; points: number; placings: number[] }[]
    | null;
}

/** The UTC offset of the definition (plain dates were read in it). */
export function timezoneOf(definition: unknown): string {
  const tz = (definition as { timezone?: unknown } | null)?.timezone;
  return typeof tz === 'string' && /^[+-]\d{2}:\d{2}$/.test(tz) ? tz : '+07:00';
}

function toEntry(
  row: StoredEntryRow,
  labels: (code: string, l: 'id' | 'en') => string,
  tz: string,
): ViewEntry {
  const d = row.detail as EntryDetail;
  const tie = (row.tie_note ?? null) as TieNote | null;
  return {
    rank: row.rank,
    number: row.number,
    nominationId: row.nomination_id,
    name: row.name,
    region: row.region_name ?? row.region,
    regionCode: row.region,
    final: row.final_score,
    z: d.z,
    criteria: d.criteria,
    jurors: d.jurors,
    spread: d.spread,
    award: row.award as Award | null,
    flag: row.flag,
    tie,
    tieText: tie
      ? {
          id: tieNoteText(tie, row.number, 'id', labels, tz),
          en: tieNoteText(tie, row.number, 'en', labels, tz),
        }
      : null,
    submittedAt: d.submittedAt,
  };
}

/**
 * The newest frozen ranking of a seleksi (null when it has none), optionally one category only.
 * Region names of juara umum come from the region table.
 */
export async function readRankingView(
  db: PrismaDb,
  seleksi: SeleksiRecord,
  category?: string,
): Promise<RankingView | null> {
  const stored = await loadLatestRanking(db, seleksi.id, category);
  if (!stored) return null;
  const { ranking, entries } = stored;
  const meta = ranking.meta as unknown as RankingMeta;
  const tz = timezoneOf(seleksi.definition);
  const categories: ViewCategory[] = seleksi.categories
    .filter((c) => !category || c.code === category)
    .map((c) => {
      const label = new Map(c.criteria.map((k) => [k.code, { id: k.labelId, en: k.labelEn }]));
      const labels = (code: string, l: 'id' | 'en') => label.get(code)?.[l] ?? code;
      return {
        code: c.code,
        name: { id: c.nameId, en: c.nameEn },
        criteria: c.criteria.map((k) => ({ code: k.code, label: { id: k.labelId, en: k.labelEn } })),
        entries: entries.filter((e) => e.category_code === c.code).map((e) => toEntry(e, labels, tz)),
      };
    });
  const umumRegions = meta.juaraUmum?.map((r) => r.region) ?? [];
  const names = new Map((await regionNames(db, umumRegions)).map((r) => [r.code, r.name]));
  return {
    seleksiId: seleksi.id,
    seleksi: seleksi.code,
    name: seleksi.name,
    level: seleksi.level.toLowerCase(),
    region: seleksi.region.name,
    year: seleksi.year,
    timezone: tz,
    digest: ranking.digest,
    inputDigest: meta.inputDigest,
    closedAt: ranking.closedAt?.toISOString() ?? null,
    computedAt: ranking.computedAt.toISOString(),
    forced: ranking.forced,
    method: meta.method,
    jurors: meta.jurors,
    missing: ranking.missing as RankingView['missing'],
    categories,
    juaraUmum: meta.juaraUmum?.map((r) => ({ ...r, regionName: names.get(r.region) ?? r.region })) ?? null,
  };
}

/** The `--json` document of `seleksi ranking` (PRODUCT.md §5, with more fields). */
export function rankingJson(v: RankingView): Record<string, unknown> {
  return {
    seleksi: v.seleksi,
    name: v.name,
    level: v.level,
    region: v.region,
    year: v.year,
    digest: v.digest,
    input_digest: v.inputDigest,
    closed_at: v.closedAt,
    computed_at: v.computedAt,
    forced: v.forced,
    method: v.method,
    jurors: v.jurors,
    missing: v.missing,
    categories: v.categories.map((c) => ({
      code: c.code,
      name: c.name.id,
      entries: c.entries.map((e) => ({
        rank: e.rank,
        number: e.number,
        name: e.name,
        region: e.region,
        region_code: e.regionCode,
        final: e.final,
        ...(e.z !== null ? { z: e.z } : {}),
        criteria: e.criteria,
        jurors: e.jurors,
        spread: e.spread,
        award: e.award,
        award_label: e.award ? awardLabel(e.award, 'id') : null,
        flag: e.flag,
        tie: e.tieText?.id ?? null,
        tie_en: e.tieText?.en ?? null,
        tie_rule: e.tie?.rule ?? null,
        submitted_at: e.submittedAt,
      })),
    })),
    juara_umum:
      v.juaraUmum?.map((r) => ({
        rank: r.rank,
        region: r.regionName,
        region_code: r.region,
        points: r.points,
        placings: r.placings,
      })) ?? null,
  };
}
