import { createSeleksiFromFile } from '../src/app/create-seleksi.ts';
import { createInvite } from '../src/app/invites.ts';
import { openPhase } from '../src/app/phase.ts';
import { projectRoot } from '../src/config/project-root.ts';
import { pgPoolOf } from '../src/db/client.ts';
import { loadRegions } from '../src/db/regions.ts';
import type { TestDb } from '../test/support/db.ts';

/**
 * The inbound benches' common start on a fresh database: the official regions, the example
 * seleksi (examples/kalsel-2026.yaml) open for nominations, and one officer invite for Tabalong
 * per chat. Returns the seleksi id and the invite codes, one per chat in order.
 */
export async function seedOfficerInvites(
  db: TestDb,
  chats: number,
): Promise<{ seleksiId: string; codes: string[] }> {
  await loadRegions(pgPoolOf(db.prisma));
  const seleksi = await createSeleksiFromFile(db.prisma, `${projectRoot}/examples/kalsel-2026.yaml`);
  await openPhase(db.prisma, seleksi.id, 'NOMINATION');
  const codes: string[] = [];
  for (let i = 0; i < chats; i++) {
    codes.push(
      (await createInvite(db.prisma, { seleksi: seleksi.id, role: 'OFFICER', region: 'Tabalong' })).code,
    );
  }
  return { seleksiId: seleksi.id, codes };
}
