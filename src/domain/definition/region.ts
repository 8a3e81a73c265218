import { matchRegionName } from '../region-match.ts';
import { DefinitionError } from './definition-error.ts';

/** A row of the region table, as far as definitions care. */
export interface RegionRecord {
  code: string;
  name: string;
  level: 'COUNTRY' | 'PROVINCE' | 'REGENCY' | 'DISTRICT' | 'VILLAGE';
}

/** The region level a seleksi of each level is held in. */
export const SELEKSI_REGION_LEVEL = {
  kabupaten: 'REGENCY',
  provinsi: 'PROVINCE',
  nasional: 'COUNTRY',
} as const satisfies Record<string, RegionRecord['level']>;

const LEVEL_WORD: Record<RegionRecord['level'], string> = {
  COUNTRY: 'country (Indonesia)',
  PROVINCE: 'province (provinsi)',
  REGENCY: 'kabupaten/kota',
  DISTRICT: 'kecamatan',
  VILLAGE: 'desa/kelurahan',
};

/**
 * Resolves the `region:` of a definition (an official code or a name, matched forgivingly) to one
 * region of the level the seleksi needs. Pure: the caller passes the region with that exact code,
 * if any, and every region of the expected level. Throws a DefinitionError naming file and path.
 */
export function resolveDefinitionRegion(
  file: string,
  query: string,
  level: keyof typeof SELEKSI_REGION_LEVEL,
  byCode: RegionRecord | null,
  candidates: readonly RegionRecord[],
): RegionRecord {
  const fail = (message: string): never => {
    throw new DefinitionError(file, [{ path: 'region', message }]);
  };
  const expected = SELEKSI_REGION_LEVEL[level];
  const q = query.trim();
  if (byCode) {
    if (byCode.level !== expected) {
      return fail(
        `${byCode.code} is a ${LEVEL_WORD[byCode.level]} (${byCode.name}); a ${level} seleksi needs a ${LEVEL_WORD[expected]}`,
      );
    }
    return byCode;
  }
  if (/^\d+(\.\d+)*$/.test(q))
    return fail(`unknown region code "${q}" (no ${LEVEL_WORD[expected]} has this code)`);
  const found = matchRegionName(q, candidates);
  if (found.length === 0) return fail(`unknown region "${q}": no ${LEVEL_WORD[expected]} has this name`);
  if (found.length > 1) {
    const list = found
      .slice(0, 8)
      .map((r) => `${r.name} (${r.code})`)
      .join(', ');
    return fail(`region "${q}" is ambiguous: ${list}${found.length > 8 ? ', …' : ''}; use the code`);
  }
  return found[0]!;
}
