import { readFile } from 'node:fs/promises';
import { FLOWS_DIR } from '../config/project-root.ts';
import type { Db, PrismaClient } from '../db/client.ts';
import { regionByCode, regionsAtLevel, regionsLoaded } from '../db/region-lookup.ts';
import { insertSeleksi, seleksiIdByCode } from '../db/seleksi-records.ts';
import { categorySettingsOf } from '../domain/definition/category-rules.ts';
import {
  type RegionRecord,
  resolveDefinitionRegion,
  SELEKSI_REGION_LEVEL,
  type SeleksiDefinition,
} from '../domain/definition/index.ts';
import { parseDefinition } from '../domain/definition/validate.ts';
import { loadFlows } from '../flow-engine/load.ts';
import { commonNominationKeys } from './flow-steps/category-steps.ts';
import { flowKinds } from './flow-steps/index.ts';
import { SeleksiError } from './seleksi-errors.ts';

/** A busy database can take a while for ~40 inserts; Prisma's default interactive timeout is 5 s. */
const TX_OPTIONS = { timeout: 30_000, maxWait: 10_000 };

const LEVEL = { kabupaten: 'KABUPATEN', provinsi: 'PROVINSI', nasional: 'NASIONAL' } as const;
const NORMALIZATION = { mean: 'MEAN', trimmed_mean: 'TRIMMED_MEAN', zscore: 'ZSCORE' } as const;
const SUBJECT = { person: 'PERSON', organisation: 'ORGANISATION' } as const;

/**
 * Reads and validates a definition file (schema and semantic rules; regions not yet resolved).
 * Field keys, evidence and eligibility rules are checked against the questions of the nomination
 * flow in `flowsDir` (default: the shipped flows).
 */
export async function readDefinitionFile(file: string, flowsDir = FLOWS_DIR): Promise<SeleksiDefinition> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeleksiError(
      code === 'ENOENT'
        ? `${file}: berkas tidak ditemukan (file not found)`
        : `${file}: tidak dapat dibaca (cannot read: ${(error as Error).message})`,
    );
  }
  return parseDefinition(text, file, { commonKeys: commonNominationKeys(loadFlows(flowsDir, flowKinds)) });
}

/** Resolves the definition's region against the region table. Throws a DefinitionError when unknown. */
export async function resolveRegion(
  prisma: PrismaClient,
  file: string,
  def: SeleksiDefinition,
): Promise<RegionRecord> {
  const expected = SELEKSI_REGION_LEVEL[def.level];
  if (!(await regionsLoaded(prisma))) {
    throw new SeleksiError(
      'tabel wilayah masih kosong: jalankan `seleksi regions load` dulu (region table is empty: run `seleksi regions load` first)',
    );
  }
  const query = def.region.trim();
  const byCode = await regionByCode(prisma, query);
  const candidates = await regionsAtLevel(prisma, expected);
  return resolveDefinitionRegion(file, query, def.level, byCode, candidates);
}

/**
 * Creates a seleksi (phase DRAFT) with its categories and criteria from a definition file, in one
 * transaction: either everything is written or nothing. A code already in use is refused.
 */
export async function createSeleksiFromFile(
  prisma: PrismaClient,
  file: string,
): Promise<{ id: string; code: string }> {
  const def = await readDefinitionFile(file);
  const region = await resolveRegion(prisma, file, def);
  return createSeleksi(prisma, def, region.code);
}

/** Writes a validated definition; exported for callers that build definitions in code. */
export async function createSeleksi(
  prisma: PrismaClient,
  def: SeleksiDefinition,
  regionCode: string,
): Promise<{ id: string; code: string }> {
  const taken = await seleksiIdByCode(prisma, def.code);
  if (taken) throw duplicate(def.code, taken);
  try {
    return await insertSeleksi(
      prisma,
      seleksiRow(def, regionCode),
      {
        action: 'seleksi.created',
        data: { code: def.code, regionCode, categories: def.categories.map((c) => c.code) },
      },
      TX_OPTIONS,
    );
  } catch (error) {
    // Two creates racing on one code: the unique index decides, the loser gets the same message.
    if ((error as { code?: string }).code === 'P2002') throw duplicate(def.code, null);
    throw error;
  }
}

/** The seleksi's row with its categories and criteria, as the definition describes them. */
function seleksiRow(def: SeleksiDefinition, regionCode: string): Db.Prisma.SeleksiUncheckedCreateInput {
  return {
    code: def.code,
    name: def.name,
    level: LEVEL[def.level],
    regionCode,
    year: def.year,
    phase: 'DRAFT',
    nominationOpensAt: def.deadlines.nominationOpensAt ?? null,
    nominationClosesAt: def.deadlines.nominationClosesAt ?? null,
    scoringClosesAt: def.deadlines.scoringClosesAt ?? null,
    resultsAnnouncedAt: def.deadlines.resultsAnnouncedAt ?? null,
    normalization: NORMALIZATION[def.scoring.normalization],
    trimFraction: def.scoring.trim_fraction,
    tieBreak: def.scoring.tie_break,
    rules: def.rules,
    definition: JSON.parse(JSON.stringify(def)),
    categories: {
      create: def.categories.map((cat, position) => ({
        code: cat.code,
        nameId: cat.name.id,
        nameEn: cat.name.en,
        subjectType: SUBJECT[cat.subject],
        position,
        settings: JSON.parse(JSON.stringify(categorySettingsOf(cat))),
        criteria: {
          create: cat.criteria.map((k, kPosition) => ({
            code: k.code,
            labelId: k.label.id,
            labelEn: k.label.en,
            weight: k.weight,
            min: k.min,
            max: k.max,
            rubricId: k.rubric?.id ?? '',
            rubricEn: k.rubric?.en ?? '',
            position: kPosition,
          })),
        },
      })),
    },
  };
}

function duplicate(code: string, id: string | null): SeleksiError {
  return new SeleksiError(
    `seleksi dengan kode ${code} sudah ada${id ? ` (id ${id})` : ''} (a seleksi with code ${code} already exists; change code: in the file)`,
  );
}
