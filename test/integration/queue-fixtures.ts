/**
 * Shared set-up of the queue, fault and bench files: a KALSEL-2026 seleksi with TKSK and PSM,
 * officers of several kabupaten and jurors, and helpers to insert outbox rows as the app does.
 */
import { randomUUID } from 'node:crypto';
import type { ChatAddress, OutboundMessage } from '../../src/core/messages.ts';
import type { PrismaClient } from '../../src/db/client.ts';
import type { NominationPayload, RecusalPayload, ScoreSheetPayload } from '../../src/domain/submission.ts';

export const CRITERIA = [
  { code: 'TUGAS_POKOK', weight: 40 },
  { code: 'KERJASAMA', weight: 25 },
  { code: 'INOVASI', weight: 35 },
] as const;

/** Kabupaten/kota of Kalimantan Selatan (63.xx) used by the fixtures. */
export const KABUPATEN = Array.from({ length: 13 }, (_, i) => `63.${String(i + 1).padStart(2, '0')}`).concat([
  '63.71',
  '63.72',
]);

export interface Fixture {
  seleksiId: string;
  categoryIds: Record<'TKSK' | 'PSM', string>;
  /** Officer person id per kabupaten code. */
  officers: Record<string, string>;
  /** Juror (TKSK + PSM) whose home kabupaten is 63.09. */
  jurorTabalong: string;
  /** Juror (TKSK only) whose home kabupaten is 63.01. */
  jurorTanahLaut: string;
  /** A person with no membership at all. */
  stranger: string;
}

/** Creates the regions, the seleksi (phase NOMINATION, one nominee per category per kabupaten) and people. */
export async function createFixture(prisma: PrismaClient, code = 'KALSEL-2026'): Promise<Fixture> {
  await prisma.region.upsert({
    where: { code: '63' },
    create: { code: '63', level: 'PROVINCE', name: 'Kalimantan Selatan' },
    update: {},
  });
  await prisma.region.createMany({
    data: KABUPATEN.map((c) => ({ code: c, level: 'REGENCY' as const, name: `Kab ${c}`, parentCode: '63' })),
    skipDuplicates: true,
  });
  const seleksi = await prisma.seleksi.create({
    data: {
      code,
      name: `Seleksi Pilar Sosial ${code}`,
      level: 'PROVINSI',
      regionCode: '63',
      year: 2026,
      phase: 'NOMINATION',
      rules: { max_nominees_per_category_per_region: 1, eligibility: [] },
    },
  });
  const categoryIds = {} as Record<'TKSK' | 'PSM', string>;
  for (const [i, cat] of (['TKSK', 'PSM'] as const).entries()) {
    const c = await prisma.category.create({
      data: {
        seleksiId: seleksi.id,
        code: cat,
        nameId: cat,
        nameEn: cat,
        position: i,
        criteria: {
          create: CRITERIA.map((k, j) => ({
            code: k.code,
            labelId: k.code,
            labelEn: k.code,
            weight: k.weight,
            min: 1,
            max: 100,
            position: j,
          })),
        },
      },
    });
    categoryIds[cat] = c.id;
  }
  const person = async (
    name: string,
    membership?: { role: 'OFFICER' | 'JUROR'; region: string; cats?: string[] },
  ) => {
    const p = await prisma.person.create({ data: { name } });
    if (membership) {
      await prisma.membership.create({
        data: {
          personId: p.id,
          seleksiId: seleksi.id,
          role: membership.role,
          regionCode: membership.region,
          categories: membership.cats ?? [],
        },
      });
    }
    return p.id;
  };
  const officers: Record<string, string> = {};
  for (const k of KABUPATEN) officers[k] = await person(`Petugas ${k}`, { role: 'OFFICER', region: k });
  return {
    seleksiId: seleksi.id,
    categoryIds,
    officers,
    jurorTabalong: await person('Juri Tabalong', { role: 'JUROR', region: '63.09', cats: ['TKSK', 'PSM'] }),
    jurorTanahLaut: await person('Juri Tanah Laut', { role: 'JUROR', region: '63.01', cats: ['TKSK'] }),
    stranger: await person('Orang Lain'),
  };
}

export type SubmissionInput =
  | { kind: 'NOMINATION'; payload: NominationPayload | Record<string, unknown> }
  | { kind: 'SCORE_SHEET'; payload: ScoreSheetPayload | Record<string, unknown> }
  | { kind: 'RECUSAL'; payload: RecusalPayload | Record<string, unknown> };

/** Inserts a PENDING outbox row as the app does after the user confirms; returns its id. */
export async function addSubmission(
  prisma: PrismaClient,
  fx: Fixture,
  personId: string,
  input: SubmissionInput,
): Promise<string> {
  const id = randomUUID();
  await prisma.submission.create({
    data: {
      id,
      kind: input.kind,
      seleksiId: fx.seleksiId,
      personId,
      channel: 'CONSOLE',
      externalId: `chat-${personId}`,
      payload: input.payload as object,
    },
  });
  return id;
}

export function nominationPayload(fx: Fixture, region: string, extra: Partial<NominationPayload> = {}) {
  return {
    seleksiId: fx.seleksiId,
    categoryCode: 'TKSK',
    regionCode: region,
    nomineeName: `Calon ${region}`,
    answers: { kecamatan: `${region}.01`, lama_aktif: 5 },
    attachments: [{ field: 'foto', kind: 'PHOTO' as const, fileRef: `file-${region}` }],
    ...extra,
  };
}

export function scorePayload(fx: Fixture, nominationId: string, values: number[] = [80, 70, 90]) {
  return {
    seleksiId: fx.seleksiId,
    nominationId,
    scores: CRITERIA.map((c, i) => ({ criterionCode: c.code, value: values[i]! })),
  };
}

/** A Notifier that records what it was asked to send. */
export function recordingNotifier(): {
  sent: { to: ChatAddress; text: string }[];
  send(to: ChatAddress, messages: OutboundMessage[]): Promise<void>;
} {
  const sent: { to: ChatAddress; text: string }[] = [];
  return {
    sent,
    async send(to, messages) {
      for (const m of messages) sent.push({ to, text: m.text });
    },
  };
}

/** Polls until check() returns a truthy value (or fails after timeoutMs). */
export async function waitFor<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deletes every Redis key of a queue prefix (never other tests' keys). Returns how many. */
export async function deletePrefixKeys(redisUrl: string, prefix: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
