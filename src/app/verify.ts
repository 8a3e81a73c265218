/**
 * `seleksi verify`: recomputes a ranking from its exported files — the ranking's `--json` (method,
 * nominees, what was missing) and the raw-scores CSV — and checks every published number and the
 * digest. Needs no database: anyone with the two files can run it.
 */
import { z } from 'zod';
import { parseCsv } from '../domain/csv.ts';
import {
  type CanonicalMethod,
  computeRanking,
  methodFromCanonical,
  type RankingEntry,
  type RankingInput,
} from '../domain/ranking/index.ts';
import { SeleksiError } from './seleksi-errors.ts';

const entrySchema = z.object({
  rank: z.number().int().nullable(),
  number: z.string(),
  region_code: z.string(),
  final: z.number().nullable(),
  z: z.number().nullable().optional(),
  criteria: z.record(z.string(), z.number().nullable()),
  jurors: z.number().int(),
  award: z.string().nullable(),
  flag: z.string().nullable(),
  tie_rule: z.string().nullable(),
  submitted_at: z.string(),
});

/** The parts of `seleksi ranking --json` the recomputation reads. */
export const rankingFileSchema = z.object({
  seleksi: z.string(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  forced: z.boolean(),
  method: z.custom<CanonicalMethod>((v) => typeof v === 'object' && v !== null && 'categories' in v),
  missing: z.array(z.object({ juror: z.number().int(), numbers: z.array(z.string()) })),
  categories: z.array(z.object({ code: z.string(), entries: z.array(entrySchema) })),
  juara_umum: z.array(z.object({ rank: z.number(), region_code: z.string(), points: z.number() })).nullable(),
});

export type RankingFile = z.infer<typeof rankingFileSchema>;

/** The result of a verification: the recomputed digest and every difference found. */
export interface Verification {
  digest: string;
  differences: string[];
}

/** Builds the ranking input from the two files (rows marked `excluded` are not counted). */
export function inputFromFiles(file: RankingFile, csvText: string): RankingInput {
  const method = methodFromCanonical(file.method);
  const [header, ...rows] = parseCsv(csvText);
  const col = (name: string) => {
    const i = header?.indexOf(name) ?? -1;
    if (i < 0) throw new SeleksiError(`CSV: kolom ${name} tidak ada (column ${name} is missing)`);
    return i;
  };
  const [cNumber, cCategory, cJuror, cCriterion, cScore, cExcluded] = [
    'number',
    'category',
    'juror_no',
    'criterion',
    'score',
    'excluded',
  ].map(col) as [number, number, number, number, number, number];
  const order = new Map(method.categories.map((c) => [c.code, c.criteria.map((k) => k.code)]));
  const sheets = new Map<string, { number: string; juror: number; values: number[] }>();
  for (const r of rows) {
    if (r[cExcluded]) continue;
    const codes = order.get(r[cCategory]!) ?? [];
    const key = `${r[cNumber]}|${r[cJuror]}`;
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = { number: r[cNumber]!, juror: Number(r[cJuror]), values: codes.map(() => Number.NaN) };
      sheets.set(key, sheet);
    }
    const at = codes.indexOf(r[cCriterion]!);
    if (at >= 0) sheet.values[at] = Number(r[cScore]);
  }
  return {
    seleksi: file.seleksi,
    method,
    nominees: file.categories.flatMap((c) =>
      c.entries.map((e) => ({
        number: e.number,
        category: c.code,
        region: e.region_code,
        submittedAt: e.submitted_at,
      })),
    ),
    sheets: [...sheets.values()],
    missing: file.missing.flatMap((m) => m.numbers.map((number) => ({ number, juror: m.juror }))),
    forced: file.forced,
  };
}

function compareEntry(
  claimed: RankingFile['categories'][number]['entries'][number],
  got: RankingEntry,
): string[] {
  const out: string[] = [];
  const check = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${got.number}: ${what} ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  };
  check('rank', claimed.rank, got.rank);
  check('final', claimed.final, got.final);
  check('z', claimed.z ?? null, got.z);
  check('jurors', claimed.jurors, got.jurors);
  check('award', claimed.award, got.award);
  check('flag', claimed.flag, got.flag);
  check('tie_rule', claimed.tie_rule, got.tie?.rule ?? null);
  for (const [code, mean] of Object.entries(got.criteria))
    check(`criteria.${code}`, claimed.criteria[code] ?? null, mean);
  return out;
}

/** Recomputes the ranking from the files and lists what differs from what the JSON claims. */
export function verifyRanking(file: RankingFile, csvText: string): Verification {
  const result = computeRanking(inputFromFiles(file, csvText));
  const differences: string[] = [];
  const got = new Map(result.categories.flatMap((c) => c.entries).map((e) => [e.number, e]));
  for (const c of file.categories) {
    for (const e of c.entries) {
      const mine = got.get(e.number);
      if (!mine) differences.push(`${e.number}: tidak dihitung ulang (not recomputed)`);
      else differences.push(...compareEntry(e, mine));
    }
  }
  const umum = (result.juaraUmum ?? []).map((r) => [r.region, r.points, r.rank]);
  const claimed = (file.juara_umum ?? []).map((r) => [r.region_code, r.points, r.rank]);
  if (JSON.stringify(umum) !== JSON.stringify(claimed))
    differences.push('juara umum berbeda (juara umum differs)');
  if (result.digest !== file.digest) differences.push(`digest ${file.digest} ≠ ${result.digest}`);
  return { digest: result.digest, differences };
}
