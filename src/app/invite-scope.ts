import type { PrismaClient } from '../db/client.ts';
import { kabupatenOf } from '../db/region-lookup.ts';
import { matchRegionName, suggestRegionNames } from '../domain/region-match.ts';
import { SeleksiError } from './seleksi-errors.ts';

/**
 * Where an invite applies: the kabupaten/kota a seleksi covers, a region or categories picked from
 * what an admin typed, and a juror's home kabupaten/kota (conflicts of interest).
 */

/** A kabupaten/kota (or the seleksi's own region). */
export interface Place {
  code: string;
  name: string;
}

/** The kabupaten/kota a seleksi covers: those of its province, or the kabupaten itself. */
export async function coveredKabupaten(
  prisma: PrismaClient,
  seleksi: { regionCode: string; region: { code: string; name: string; level: string } },
): Promise<Place[]> {
  // A national seleksi covers every kabupaten/kota, a province's those of the province.
  if (seleksi.region.level === 'PROVINCE' || seleksi.region.level === 'COUNTRY') {
    return kabupatenOf(prisma, seleksi.region.level === 'PROVINCE' ? seleksi.regionCode : null);
  }
  return seleksi.region.level === 'REGENCY' ? [{ code: seleksi.region.code, name: seleksi.region.name }] : [];
}

/** Picks exactly one region from candidates, or explains (both languages) why it cannot. */
export function pickRegion(query: string, candidates: readonly Place[], scopeName: string): Place {
  const found = matchRegionName(query, candidates);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    const close = suggestRegionNames(query, candidates, 5).map((r) => `${r.name} (${r.code})`);
    const hint = close.length ? `; mungkin maksud Anda / did you mean: ${close.join(', ')}` : '';
    throw new SeleksiError(
      `wilayah "${query}" tidak ada di ${scopeName} (no kabupaten/kota named "${query}" in ${scopeName})${hint}`,
    );
  }
  const list = found.map((r) => `${r.name} (${r.code})`).join(', ');
  throw new SeleksiError(
    `wilayah "${query}" ambigu: ${list} (ambiguous region; use a fuller name or the code)`,
  );
}

/** Category codes as typed ("tksk", "Karang Taruna") → the seleksi's codes, or an error naming the unknown. */
export function pickCategories(
  typed: readonly string[],
  known: readonly { code: string; nameId: string }[],
): string[] {
  const norm = (s: string) =>
    s
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_');
  const out: string[] = [];
  for (const raw of typed) {
    if (raw.trim() === '') continue;
    const hit = known.find((c) => c.code === norm(raw) || norm(c.nameId) === norm(raw));
    if (!hit) {
      throw new SeleksiError(
        `kategori tidak dikenal: ${raw}; pilihan: ${known.map((c) => c.code).join(', ')} (unknown category)`,
      );
    }
    if (!out.includes(hit.code)) out.push(hit.code);
  }
  return out;
}

/**
 * A juror's home kabupaten/kota (conflicts of interest are judged by it): required, unless the admin
 * says explicitly, with a reason, that the juror has none in this seleksi.
 */
export function jurorHomeRegion(
  typed: string | undefined,
  noHomeRegionReason: string | null,
  kabupaten: readonly Place[],
  scopeName: string,
): Place | null {
  if (typed && noHomeRegionReason) {
    throw new SeleksiError(
      'pilih salah satu: --region atau --no-home-region (give either --region or --no-home-region, not both)',
    );
  }
  if (typed) return pickRegion(typed, kabupaten, scopeName);
  if (noHomeRegionReason) return null;
  throw new SeleksiError(
    'juri perlu --region (kabupaten/kota asal, untuk konflik kepentingan), atau --no-home-region --reason "…" ' +
      'bila tidak berasal dari kabupaten/kota mana pun ' +
      '(a juror invite needs --region, the home kabupaten/kota for conflicts of interest, or --no-home-region --reason "…")',
  );
}
