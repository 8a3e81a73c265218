/**
 * What a person already is in a seleksi, when they use another invite of it: their roles as they
 * read them, and the work recorded in their name (which a change never removes). `DAFTAR` then asks
 * before changing anything (register.ts), or refuses a second role an admin did not grant.
 */
import type { RoleName } from '../core/names.ts';
import type { Tx } from '../db/client.ts';
import { membershipsOf, workOf } from '../db/people-lookup.ts';
import type { Locale } from '../flow-engine/api.ts';
import type { RegionCache } from './region-cache.ts';

interface Terms {
  role: RoleName;
  regionCode: string | null;
  categories: string[];
}

/** The person's roles in the invite's seleksi; null when they have none there. */
export async function currentRoles(
  tx: Tx,
  regions: RegionCache,
  personId: string,
  invite: Terms & { seleksiId: string; code: string; seleksi: { name: string } },
  locale: Locale,
): Promise<{ otherRole: boolean; officerRegion: string | null; vars: Record<string, string> } | null> {
  const memberships = await membershipsOf(tx, personId, invite.seleksiId);
  if (memberships.length === 0) return null;
  const { nominations, sheets } = await workOf(tx, personId, invite.seleksiId);
  const describeAll = async (list: Terms[]) =>
    (await Promise.all(list.map((m) => describe(tx, regions, m, locale)))).join(
      locale === 'en' ? ' and ' : ' dan ',
    );
  const work =
    locale === 'en'
      ? `${nominations} nomination(s) and ${sheets} score sheet(s) recorded in your name stay as they are.`
      : `${nominations} nominasi dan ${sheets} lembar nilai atas nama Anda tetap tersimpan.`;
  return {
    otherRole: memberships.some((m) => m.role !== invite.role),
    officerRegion: memberships.find((m) => m.role === 'OFFICER')?.regionCode ?? null,
    vars: {
      seleksi: invite.seleksi.name,
      code: invite.code,
      current: await describeAll(memberships),
      next: await describe(tx, regions, invite, locale),
      work,
    },
  };
}

/** "petugas Kabupaten Banjar", "tim penilai TKSK, PSM", "anggota", "admin" (or in English). */
async function describe(tx: Tx, regions: RegionCache, m: Terms, locale: Locale): Promise<string> {
  const region = m.regionCode ? ((await regions.name(tx, m.regionCode)) ?? m.regionCode) : null;
  const cats = m.categories.join(', ');
  const en = locale === 'en';
  switch (m.role) {
    case 'OFFICER':
      return en ? `officer of ${region ?? '-'}` : `petugas ${region ?? '-'}`;
    case 'JUROR':
      return en
        ? `juror for ${cats}${region ? ` (home: ${region})` : ''}`
        : `tim penilai ${cats}${region ? ` (asal ${region})` : ''}`;
    case 'MEMBER':
      return en ? 'member' : 'anggota';
    case 'ADMIN':
      return `admin${region ? ` ${region}` : ''}`;
  }
}
