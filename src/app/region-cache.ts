import type { Choice } from '../core/messages.ts';
import type { PrismaDb } from '../db/client.ts';
import { kecamatanOf, regionNames, villagesOf } from '../db/region-lookup.ts';

/**
 * In-memory cache of the static region lists the flows show (kecamatan and desa of a kabupaten,
 * names of kabupaten/kota). Region data changes only when `seleksi regions load` runs, so lists
 * are kept for the life of the process; empty results are not cached, so a process started
 * before the regions were loaded picks them up later.
 */
export interface RegionCache {
  /** Name of any region code (null when unknown). */
  name(db: PrismaDb, code: string): Promise<string | null>;
  /** Names of many codes at once. */
  names(db: PrismaDb, codes: readonly string[]): Promise<Map<string, string>>;
  /** Kecamatan of a kabupaten/kota and the desa of each, as choices (value = code). */
  districtsOf(
    db: PrismaDb,
    kabupatenCode: string,
  ): Promise<{ kecamatan: Choice[]; desaOf: (kecamatanCode: string) => Choice[] }>;
}

interface Districts {
  kecamatan: Choice[];
  desa: Map<string, Choice[]>;
}

/** Creates an empty cache; one per process (held by the inbound handler). */
export function createRegionCache(): RegionCache {
  const nameByCode = new Map<string, string>();
  const districts = new Map<string, Districts>();

  async function names(db: PrismaDb, codes: readonly string[]): Promise<Map<string, string>> {
    const missing = [...new Set(codes)].filter((c) => !nameByCode.has(c));
    if (missing.length > 0) {
      const rows = await regionNames(db, missing);
      for (const r of rows) nameByCode.set(r.code, r.name);
    }
    const out = new Map<string, string>();
    for (const c of codes) {
      const n = nameByCode.get(c);
      if (n !== undefined) out.set(c, n);
    }
    return out;
  }

  return {
    names,
    async name(db, code) {
      return (await names(db, [code])).get(code) ?? null;
    },
    async districtsOf(db, kabupatenCode) {
      let found = districts.get(kabupatenCode);
      if (!found) {
        // Two indexed lookups on parent_code (a prefix LIKE on the code could not use the index).
        const kecamatan = await kecamatanOf(db, kabupatenCode);
        const villages = await villagesOf(
          db,
          kecamatan.map((k) => k.code),
        );
        const built: Districts = { kecamatan: [], desa: new Map() };
        for (const r of kecamatan) {
          nameByCode.set(r.code, r.name);
          built.kecamatan.push({ value: r.code, label: r.name });
        }
        for (const r of villages) {
          nameByCode.set(r.code, r.name);
          if (!r.parentCode) continue;
          const list = built.desa.get(r.parentCode) ?? [];
          list.push({ value: r.code, label: r.name });
          built.desa.set(r.parentCode, list);
        }
        if (built.kecamatan.length > 0) districts.set(kabupatenCode, built);
        found = built;
      }
      const desa = found.desa;
      return { kecamatan: found.kecamatan, desaOf: (k: string) => desa.get(k) ?? [] };
    },
  };
}
