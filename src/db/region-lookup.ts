/** Reads of the region table (idn-area-data, loaded by regions.ts). */
import type { Db, PrismaDb } from './client.ts';

/** A region's code and name. */
export interface RegionName {
  code: string;
  name: string;
}

/** Whether the regions are loaded (at least one province). */
export async function regionsLoaded(db: PrismaDb): Promise<boolean> {
  return (await db.region.count({ where: { level: 'PROVINCE' } })) > 0;
}

/** One region by its code, or null. */
export function regionByCode(db: PrismaDb, code: string): Promise<Db.Region | null> {
  return db.region.findUnique({ where: { code } });
}

/** Every region of one level. */
export function regionsAtLevel(db: PrismaDb, level: Db.RegionLevel): Promise<Db.Region[]> {
  return db.region.findMany({ where: { level } });
}

/** The kabupaten/kota of a province (every one of the country without `provinceCode`), by code. */
export function kabupatenOf(db: PrismaDb, provinceCode: string | null): Promise<RegionName[]> {
  return db.region.findMany({
    where: { level: 'REGENCY', ...(provinceCode !== null ? { parentCode: provinceCode } : {}) },
    select: { code: true, name: true },
    orderBy: { code: 'asc' },
  });
}

/** The names of the regions with these codes (unknown codes are left out). */
export function regionNames(db: PrismaDb, codes: readonly string[]): Promise<RegionName[]> {
  return db.region.findMany({ where: { code: { in: [...codes] } }, select: { code: true, name: true } });
}

/** The kecamatan of a kabupaten/kota by name. */
export function kecamatanOf(db: PrismaDb, kabupatenCode: string): Promise<RegionName[]> {
  return db.region.findMany({
    where: { level: 'DISTRICT', parentCode: kabupatenCode },
    select: { code: true, name: true },
    orderBy: { name: 'asc' },
  });
}

/** The desa/kelurahan of these kecamatan by name, each with its kecamatan. */
export function villagesOf(
  db: PrismaDb,
  kecamatanCodes: readonly string[],
): Promise<{ code: string; name: string; parentCode: string | null }[]> {
  return db.region.findMany({
    where: { level: 'VILLAGE', parentCode: { in: [...kecamatanCodes] } },
    select: { code: true, name: true, parentCode: true },
    orderBy: { name: 'asc' },
  });
}
