import { join } from 'node:path';
import { projectRoot } from '../config/project-root.ts';
import { type PrismaClient, pgPoolOf } from '../db/client.ts';
import { unusedInvitesOf } from '../db/invite-records.ts';
import { regionNames, regionsLoaded } from '../db/region-lookup.ts';
import { loadRegions } from '../db/regions.ts';
import { anySeleksi, newestSeleksi } from '../db/seleksi-records.ts';
import { createSeleksiFromFile } from './create-seleksi.ts';
import { createInvite } from './invites.ts';
import { openPhase } from './phase.ts';

/** The example seleksi `npm start` opens on an empty database. */
export const DEMO_DEFINITION = join(projectRoot, 'examples', 'kalsel-2026.yaml');

/** Options of {@link ensureDemoData}. */
export interface DemoDataOptions {
  /** Where the progress and the invite codes are written. @defaultValue stderr (stdout is the chat) */
  print?: (line: string) => void;
  /** @defaultValue examples/kalsel-2026.yaml */
  definitionFile?: string;
  /** Progress of the regions load (13 s on a fresh database): the CLI shows bars on a terminal. */
  onRegionsProgress?: (level: string, done: number, total: number) => void;
  /** Folder of the regions' CSV files (tests load a subset). @defaultValue node_modules/idn-area-data/data */
  regionsDataDir?: string;
}

/** What ensureDemoData did. */
export interface DemoData {
  regionsLoaded: boolean;
  /** The seleksi created now, if any. */
  created: { id: string; code: string } | null;
  /** Unused invite codes of the newest seleksi (the new demo ones first when just created). */
  invites: { role: string; code: string; region: string | null; categories: string[] }[];
}

/** Creates the example seleksi, opens it for nomination and invites an officer and a juror. */
async function createDemoSeleksi(
  prisma: PrismaClient,
  definitionFile: string,
  print: (line: string) => void,
): Promise<{ id: string; code: string }> {
  const created = await createSeleksiFromFile(prisma, definitionFile);
  await openPhase(prisma, created.id, 'NOMINATION');
  await createInvite(prisma, {
    seleksi: created.id,
    role: 'OFFICER',
    region: 'Tabalong',
    name: 'Petugas Tabalong',
  });
  await createInvite(prisma, {
    seleksi: created.id,
    role: 'JUROR',
    region: 'Banjar',
    categories: ['TKSK'],
    name: 'Juri TKSK',
  });
  print(`Seleksi contoh dibuat (example seleksi created): ${created.code} (${created.id}), tahap nominasi.`);
  return created;
}

/** The first unused invites of the newest seleksi, with region names; null when there is no seleksi. */
async function unusedInvites(
  prisma: PrismaClient,
): Promise<{ code: string; invites: DemoData['invites'] } | null> {
  const newest = await newestSeleksi(prisma);
  if (!newest) return null;
  const invites = await unusedInvitesOf(prisma, newest.id, 6);
  const names = new Map(
    (
      await regionNames(
        prisma,
        invites.flatMap((i) => (i.regionCode ? [i.regionCode] : [])),
      )
    ).map((r) => [r.code, r.name]),
  );
  return {
    code: newest.code,
    invites: invites.map((i) => ({
      role: i.role,
      code: i.code,
      region: i.regionCode ? (names.get(i.regionCode) ?? i.regionCode) : null,
      categories: i.categories,
    })),
  };
}

function printInvites(
  seleksiCode: string,
  invites: DemoData['invites'],
  print: (line: string) => void,
): void {
  if (invites.length === 0) return;
  print(
    `Kode undangan ${seleksiCode} yang belum dipakai (unused invite codes) — ketik DAFTAR <kode> di chat:`,
  );
  for (const i of invites) {
    const what = [
      i.role === 'OFFICER' ? 'petugas' : i.role === 'JUROR' ? 'juri' : i.role.toLowerCase(),
      i.region,
      i.categories.length > 0 ? i.categories.join(',') : null,
    ]
      .filter(Boolean)
      .join(' ');
    print(`  ${i.code}  ${what}`);
  }
}

/**
 * Makes a fresh database usable for `npm start` with no messenger: loads the regions if the table
 * is empty; if no seleksi exists, creates the example (Kalimantan Selatan 2026), opens it for
 * nomination and creates two invites — an officer of Tabalong and a TKSK juror whose home is
 * Banjar (another kabupaten, so Tabalong's nominees are theirs to score). Prints the codes that
 * are still unused, so a second start still shows how to register.
 */
export async function ensureDemoData(prisma: PrismaClient, options: DemoDataOptions = {}): Promise<DemoData> {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const result: DemoData = { regionsLoaded: false, created: null, invites: [] };
  if (!(await regionsLoaded(prisma))) {
    print('Memuat data wilayah (loading regions)…');
    await loadRegions(pgPoolOf(prisma), {
      ...(options.onRegionsProgress ? { onProgress: options.onRegionsProgress } : {}),
      ...(options.regionsDataDir ? { dataDir: options.regionsDataDir } : {}),
    });
    result.regionsLoaded = true;
  }
  if (!(await anySeleksi(prisma))) {
    result.created = await createDemoSeleksi(prisma, options.definitionFile ?? DEMO_DEFINITION, print);
  }
  const unused = await unusedInvites(prisma);
  if (!unused) return result;
  result.invites = unused.invites;
  printInvites(unused.code, unused.invites, print);
  return result;
}
