/**
 * `seleksi promote`: the top N of each category of a closed seleksi become nominations of the
 * next-level seleksi (kabupaten → provinsi → nasional), with their dossier answers, attachments and
 * their earlier result, which jurors see in the dossier ("Juara I tingkat Provinsi Kalimantan
 * Selatan 2026, nilai 87,50"). Promoting again adds nothing.
 */
import type { Bilingual } from '../core/names.ts';
import { inPrismaTransaction, type PrismaClient } from '../db/client.ts';
import { insertPromotion } from '../db/promote-sql.ts';
import { recordAudit } from '../db/seleksi-records.ts';
import { NUMBERING_LOCK } from '../db/submission-nomination-sql.ts';
import { type Award, awardLabel, formatScore } from '../domain/ranking/index.ts';
import { loadSeleksiRecord, type SeleksiRecord } from './ranking-facts.ts';
import { readRankingView, type ViewEntry } from './ranking-view.ts';
import { SeleksiError } from './seleksi-errors.ts';

const NEXT_LEVEL = { KABUPATEN: 'PROVINSI', PROVINSI: 'NASIONAL' } as const;

export interface PromoteInput {
  from: string;
  to: string;
  top: number;
  /** Category codes; all the two seleksi share when omitted. */
  categories?: readonly string[];
  actorId?: string | null;
}

export interface PromoteResult {
  from: string;
  to: string;
  promoted: { category: string; from: string; number: string; rank: number; created: boolean }[];
}

/** "Juara I tingkat Provinsi Kalimantan Selatan 2026, nilai 87,50" in both languages. */
export function priorResultText(from: SeleksiRecord, e: ViewEntry): Bilingual {
  const place = (l: 'id' | 'en') =>
    e.award ? awardLabel(e.award as Award, l) : l === 'id' ? `Peringkat ${e.rank}` : `Rank ${e.rank}`;
  const where = from.level === 'PROVINSI' ? `Provinsi ${from.region.name}` : from.region.name;
  const score = (l: 'id' | 'en') => (e.final === null ? '-' : formatScore(e.final, l));
  return {
    id: `${place('id')} tingkat ${where} ${from.year}, nilai ${score('id')}`,
    en: `${place('en')} at the ${where} level ${from.year}, score ${score('en')}`,
  };
}

function check(from: SeleksiRecord, to: SeleksiRecord, top: number): void {
  if (!Number.isInteger(top) || top < 1) {
    throw new SeleksiError(`--top harus bilangan bulat positif (must be a positive whole number): ${top}`);
  }
  const next = NEXT_LEVEL[from.level as keyof typeof NEXT_LEVEL];
  if (to.level !== next) {
    throw new SeleksiError(
      `${to.code} bertingkat ${to.level.toLowerCase()}; pemenang ${from.code} (${from.level.toLowerCase()}) hanya naik ke tingkat ${next?.toLowerCase() ?? '-'} ` +
        `(winners of a ${from.level.toLowerCase()} seleksi go to the ${next?.toLowerCase() ?? 'no'} level)`,
    );
  }
  if (to.level === 'PROVINSI' && from.regionCode.split('.')[0] !== to.regionCode) {
    throw new SeleksiError(
      `${from.region.name} tidak berada di ${to.region.name} (${from.code} is not in the province of ${to.code})`,
    );
  }
  if (from.phase !== 'CLOSED' && from.phase !== 'PUBLISHED') {
    throw new SeleksiError(
      `${from.code} belum ditutup (not closed yet): tutup dulu dengan \`seleksi close\``,
    );
  }
  if (to.phase !== 'DRAFT' && to.phase !== 'NOMINATION') {
    throw new SeleksiError(
      `${to.code} sudah melewati fase nominasi (already past nomination: ${to.phase.toLowerCase()})`,
    );
  }
}

/** Carries the top N of each shared category from one seleksi into the next level's. */
export async function promote(prisma: PrismaClient, input: PromoteInput): Promise<PromoteResult> {
  const from = await loadSeleksiRecord(prisma, input.from);
  const to = await loadSeleksiRecord(prisma, input.to);
  check(from, to, input.top);
  const view = await readRankingView(prisma, from);
  if (!view) throw new SeleksiError(`${from.code} belum punya peringkat (no frozen ranking)`);
  const shared = from.categories
    .map((c) => c.code)
    .filter((code) => to.categories.some((c) => c.code === code));
  const wanted = input.categories?.map((c) => c.trim().toUpperCase()).filter(Boolean) ?? shared;
  const unknown = wanted.filter((c) => !shared.includes(c));
  if (unknown.length > 0) {
    throw new SeleksiError(
      `kategori ${unknown.join(', ')} tidak ada di kedua seleksi; pilihan: ${shared.join(', ')} (not in both seleksi)`,
    );
  }
  const promoted: PromoteResult['promoted'] = [];
  for (const category of view.categories.filter((c) => wanted.includes(c.code))) {
    const target = to.categories.find((c) => c.code === category.code)!;
    for (const e of category.entries.filter((x) => x.rank !== null && x.rank <= input.top)) {
      const r = await inPrismaTransaction(prisma, async (tx) => {
        const w = await insertPromotion(tx, {
          seleksiId: to.id,
          seleksiCode: to.code,
          categoryId: target.id,
          categoryCode: target.code,
          fromNominationId: e.nominationId,
          lock: NUMBERING_LOCK,
          priorResult: {
            text: priorResultText(from, e),
            seleksi: from.code,
            level: from.level,
            region: from.region.name,
            year: from.year,
            rank: e.rank,
            award: e.award,
            final: e.final,
            number: e.number,
            digest: view.digest,
          },
        });
        if (w.created) {
          await recordAudit(tx, {
            seleksiId: to.id,
            actorId: input.actorId ?? null,
            action: 'nomination.promoted',
            data: { from: e.number, number: w.number, fromSeleksi: from.code },
          });
        }
        return w;
      });
      promoted.push({
        category: category.code,
        from: e.number,
        number: r.number,
        rank: e.rank!,
        created: r.created,
      });
    }
  }
  return { from: from.code, to: to.code, promoted };
}
