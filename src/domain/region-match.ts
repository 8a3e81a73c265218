/**
 * Forgiving match of a typed region name against official names: case, punctuation, repeated
 * spaces and the administrative prefix ("Kabupaten", "Kab.", "Kota", "Kecamatan", "Desa",
 * "Kelurahan") do not matter. Pure; callers load the candidates.
 */

export interface RegionCandidate {
  code: string;
  name: string;
}

const PREFIXES = /^(kabupaten|kab|kota|kecamatan|kec|desa|kelurahan|kel|provinsi|prov)\.?\s+/;

/** Lower case, no punctuation, single spaces, administrative prefix removed. */
export function normalizeRegionName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(PREFIXES, '');
}

/**
 * Returns the best matches: an exact code, else exact names, else names starting with the query,
 * else names containing it. Several results mean the caller offers a choice; none means unknown.
 */
export function matchRegionName<T extends RegionCandidate>(query: string, candidates: readonly T[]): T[] {
  const raw = query.trim();
  const byCode = candidates.filter((c) => c.code === raw);
  if (byCode.length > 0) return byCode;
  const q = normalizeRegionName(raw);
  if (q === '') return [];
  const named = candidates.map((c) => ({ c, n: normalizeRegionName(c.name) }));
  // "Kota Banjarbaru" typed in full should prefer the kota over a kabupaten of the same name.
  const full = raw.toLowerCase().replace(/\s+/g, ' ').trim();
  const fullExact = candidates.filter((c) => c.name.toLowerCase() === full);
  if (fullExact.length > 0) return fullExact;
  for (const test of [(n: string) => n === q, (n: string) => n.startsWith(q), (n: string) => n.includes(q)]) {
    const found = named.filter(({ n }) => test(n)).map(({ c }) => c);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * Optimal string alignment distance (Levenshtein plus swaps of two neighbouring letters): the
 * number of typos — a letter missing, extra, wrong, or two letters swapped — between a and b.
 */
export function typoDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before = new Array<number>(b.length + 1).fill(0); // row i-2
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j); // row i-1
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/** Typos tolerated between a query and a name: one per four letters of the longer, rounded up. */
function tolerance(q: string, name: string): number {
  return Math.ceil(Math.max(q.length, name.length) / 4);
}

/**
 * The fewest typos between the query and the name, or null when too many for their length: against
 * the whole name (spaces ignored), one word of it, or its start (the first letters, mistyped).
 */
function closeness(q: string, name: string): number | null {
  const pairs: [string, string][] = [[q.replace(/ /g, ''), name.replace(/ /g, '')]];
  const words = name.split(' ');
  if (words.length > 1) for (const w of words) if (w.length >= 4) pairs.push([q, w]);
  for (const len of [q.length - 1, q.length, q.length + 1])
    if (len >= 3 && len < name.length) pairs.push([q, name.slice(0, len)]);
  let best: number | null = null;
  for (const [x, y] of pairs) {
    const d = typoDistance(x, y);
    if (d <= tolerance(x, y) && (best === null || d < best)) best = d;
  }
  return best;
}

/**
 * "Did you mean": names within a few typos of the query, closest first (then the whole name's
 * distance, then alphabetically), at most `limit`. For when matchRegionName found nothing;
 * queries shorter than 3 letters get no suggestions.
 */
export function suggestRegionNames<T extends RegionCandidate>(
  query: string,
  candidates: readonly T[],
  limit = 5,
): T[] {
  const q = normalizeRegionName(query);
  if (q.replace(/ /g, '').length < 3) return [];
  const compactQ = q.replace(/ /g, '');
  const ranked: { c: T; d: number; whole: number }[] = [];
  for (const c of candidates) {
    const n = normalizeRegionName(c.name);
    const d = closeness(q, n);
    if (d !== null) ranked.push({ c, d, whole: typoDistance(compactQ, n.replace(/ /g, '')) });
  }
  ranked.sort((x, y) => x.d - y.d || x.whole - y.whole || x.c.name.localeCompare(y.c.name));
  return ranked.slice(0, limit).map((r) => r.c);
}
