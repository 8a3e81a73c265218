import { isDeepStrictEqual } from 'node:util';
import type { PrismaClient } from '../db/client.ts';
import { seleksiDefinitionByCode } from '../db/seleksi-records.ts';
import { readDefinitionFile } from './create-seleksi.ts';

/**
 * The seleksi already created from this very definition (same code, same content), or null. `seleksi
 * create` then prints its id again instead of failing, so a script (the README's Quick tour after
 * `npm start` created the example) can go on; a different definition under a taken code is still
 * refused by createSeleksi.
 */
export async function seleksiFromSameDefinition(
  prisma: PrismaClient,
  file: string,
): Promise<{ id: string; code: string; phase: string } | null> {
  const def = await readDefinitionFile(file);
  const existing = await seleksiDefinitionByCode(prisma, def.code);
  if (!existing) return null;
  const same = isDeepStrictEqual(existing.definition, JSON.parse(JSON.stringify(def)));
  return same ? { id: existing.id, code: existing.code, phase: existing.phase } : null;
}
