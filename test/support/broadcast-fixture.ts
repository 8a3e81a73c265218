import type { PrismaClient } from '../../src/db/client.ts';
import { seedSmallSeleksi } from './seleksi-fixture.ts';

/** A closed seleksi with a frozen ranking and `recipients` Telegram members, for broadcast tests and the bench. */
export interface BroadcastFixture {
  seleksiId: string;
  code: string;
  /** Telegram chat ids of the members, in order (firstChat, firstChat + 1, …). */
  chats: string[];
}

/**
 * Seeds Kalimantan Selatan 2026 (TKSK and PSM), closed, with `nominees` nominations per category and
 * a frozen ranking of them, and `recipients` members each with a Telegram chat (bulk SQL, so 100,000
 * take seconds). Locales alternate id / en. Every member gets one ranking message per category.
 */
export async function seedClosedWithRanking(
  prisma: PrismaClient,
  opts: {
    recipients: number;
    firstChat?: number;
    nominees?: number;
    code?: string;
    /** Only the first N categories get nominations (the others have no result). @defaultValue all */
    categories?: number;
    /**
     * WhatsApp chats (`62…@s.whatsapp.net`) instead of Telegram; member i wrote to the bot i minutes
     * ago when `wrote(i)` says so.
     */
    whatsapp?: { wrote(i: number): boolean };
  },
): Promise<BroadcastFixture> {
  const seleksi = await seedSmallSeleksi(prisma, {
    phase: 'CLOSED',
    ...(opts.code ? { code: opts.code } : {}),
  });
  const firstChat = opts.firstChat ?? 700_000_000;
  const nominees = opts.nominees ?? 4;
  const officer = await prisma.person.create({ data: { name: 'Petugas Tabalong' } });
  const ranking = await prisma.ranking.create({
    data: { seleksiId: seleksi.id, meta: {}, digest: 'f'.repeat(64), closedAt: new Date() },
  });
  const ranked = [...seleksi.categories]
    .sort((a, b) => a.position - b.position)
    .slice(0, opts.categories ?? seleksi.categories.length);
  for (const category of ranked) {
    for (let i = 1; i <= nominees; i++) {
      const nomination = await prisma.nomination.create({
        data: {
          seleksiId: seleksi.id,
          categoryId: category.id,
          regionCode: i % 2 === 0 ? '63.09' : '63.03',
          number: `${seleksi.code}-${category.code}-${String(i).padStart(3, '0')}`,
          seq: i,
          nomineeName: `Calon ${category.code} ${i}`,
          answers: {},
          submittedById: officer.id,
        },
      });
      await prisma.rankingEntry.create({
        data: {
          rankingId: ranking.id,
          categoryCode: category.code,
          nominationId: nomination.id,
          rank: i,
          finalScore: 90 - i * 2.5,
          detail: {
            position: i,
            criteria: { TUGAS_POKOK: 88 - i, INOVASI: 91 - i * 3 },
            z: null,
            jurors: 3,
            spread: null,
            submittedAt: nomination.submittedAt.toISOString(),
          },
        },
      });
    }
  }
  const suffix = `${seleksi.code}-${firstChat}`;
  await prisma.$executeRaw`
    INSERT INTO person (id, name, locale)
    SELECT 'p-' || ${suffix} || '-' || i, 'Anggota ' || i, CASE WHEN i % 2 = 0 THEN 'en' ELSE 'id' END
      FROM generate_series(0, ${opts.recipients - 1}::int) AS i`;
  if (opts.whatsapp) {
    const wrote = Array.from({ length: opts.recipients }, (_, i) => opts.whatsapp!.wrote(i));
    await prisma.$executeRaw`
      INSERT INTO channel_identity (id, person_id, channel, external_id, last_inbound_at)
      SELECT 'ci-' || ${suffix} || '-' || i, 'p-' || ${suffix} || '-' || i, 'WHATSAPP',
             '62' || (${firstChat}::bigint + i)::text || '@s.whatsapp.net',
             CASE WHEN (${wrote}::boolean[])[i + 1] THEN now() - make_interval(mins => i) END
        FROM generate_series(0, ${opts.recipients - 1}::int) AS i`;
  } else {
    await prisma.$executeRaw`
      INSERT INTO channel_identity (id, person_id, channel, external_id)
      SELECT 'ci-' || ${suffix} || '-' || i, 'p-' || ${suffix} || '-' || i, 'TELEGRAM', (${firstChat}::bigint + i)::text
        FROM generate_series(0, ${opts.recipients - 1}::int) AS i`;
  }
  await prisma.$executeRaw`
    INSERT INTO membership (id, person_id, seleksi_id, role, categories)
    SELECT 'm-' || ${suffix} || '-' || i, 'p-' || ${suffix} || '-' || i, ${seleksi.id}, 'MEMBER', '{}'
      FROM generate_series(0, ${opts.recipients - 1}::int) AS i`;
  return {
    seleksiId: seleksi.id,
    code: seleksi.code,
    chats: Array.from({ length: opts.recipients }, (_, i) =>
      opts.whatsapp ? `62${firstChat + i}@s.whatsapp.net` : String(firstChat + i),
    ),
  };
}
