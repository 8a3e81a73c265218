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
