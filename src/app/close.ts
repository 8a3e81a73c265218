/**
 * `seleksi close`: refuse while score sheets are missing (unless forced), move SCORING → CLOSED,
 * wait for the score sheets confirmed before that moment, then compute, freeze and store the
 * ranking with its digest. Closing again recomputes from the same frozen scores and finds the same
 * digest: nothing new is stored.
 */
import { type PrismaClient, pgPoolOf } from '../db/client.ts';
import { latestFrozenRanking } from '../db/ranking-lookup.ts';
import { latestCloseEvent, processedSubmissions, saveRanking } from '../db/ranking-sql.ts';
import {
  canonicalMethod,
  computeRanking,
  type MissingByJuror,
  type RankingResult,
} from '../domain/ranking/index.ts';
import { changePhase, phaseRefusal, waitForSubmissionsBefore } from './phase.ts';
import {
  loadRankingFacts,
  loadSeleksiRecord,
  type RankingFacts,
  type SeleksiRecord,
} from './ranking-facts.ts';
import type { EntryDetail, RankingMeta } from './ranking-view.ts';
import { SeleksiError } from './seleksi-errors.ts';

/** Score sheets are missing: the close is refused (nothing frozen). */
export class MissingScoresError extends SeleksiError {
  override name = 'MissingScoresError';
  constructor(
    readonly code: string,
    readonly missing: MissingByJuror[],
    /** The phase already moved to CLOSED (sheets in the queue were refused meanwhile). */
    readonly closed: boolean,
  ) {
    const total = missing.reduce((s, m) => s + m.numbers.length, 0);
    super(
      `${code}: ${total} lembar nilai belum masuk dari ${missing.length} juri; tutup dengan --force untuk membekukan nilai yang ada ` +
        `(${total} score sheets missing from ${missing.length} jurors; --force freezes what is there)` +
        (closed ? '; fase sudah ditutup (phase already closed)' : ''),
    );
  }
}

/** Options of {@link closeSeleksi}. */
export interface CloseOptions {
  /** Freeze with what is there, recording what is missing. */
  force?: boolean;
  /** How long to wait for score sheets confirmed before the close. @defaultValue 60000 */
  waitMs?: number;
  /** Called with the number of queued submissions still waited for. */
  onWait?(pending: number): void;
  actorId?: string | null;
}

export interface CloseResult {
  seleksi: SeleksiRecord;
  digest: string;
  /** A new ranking was stored (false: the same digest was already frozen). */
  created: boolean;
  /** The phase moved now (false: it was closed before). */
  phaseChanged: boolean;
}

/** Closes a seleksi (id or code) and freezes its ranking. */
export async function closeSeleksi(
  prisma: PrismaClient,
  ref: string,
  options: CloseOptions = {},
): Promise<CloseResult> {
  const seleksi = await loadSeleksiRecord(prisma, ref);
  const force = options.force ?? false;
  let change: { eventId: string } | null;
  let phaseChanged = false;
  // The facts read before the phase change still hold after the wait when no submission was processed.
  let before: { facts: RankingFacts; processed: number } | null = null;
  if (seleksi.phase === 'SCORING') {
    const processed = await processedSubmissions(prisma, seleksi.id);
    before = { facts: await loadRankingFacts(prisma, seleksi), processed };
    const missing = before.facts.missing;
    if (missing.length > 0 && !force) throw new MissingScoresError(seleksi.code, missing, false);
    change = await changePhase(prisma, seleksi.id, 'CLOSED', {
      actorId: options.actorId ?? null,
      forced: missing.length > 0,
      note: missing.length > 0 ? 'close --force with score sheets missing' : null,
    });
    phaseChanged = true;
  } else if (seleksi.phase === 'CLOSED' || seleksi.phase === 'PUBLISHED') {
    change = await latestCloseEvent(prisma, seleksi.id);
  } else {
    throw new SeleksiError(phaseRefusal(seleksi.code, seleksi.phase, 'CLOSED')!);
  }

  if (change) {
    const left = await waitForSubmissionsBefore(prisma, change, {
      timeoutMs: options.waitMs ?? 60_000,
      ...(options.onWait ? { onProgress: options.onWait } : {}),
    });
    if (left > 0) throw stillQueued(seleksi.code, left);
  }
  const unchanged =
    before !== null &&
    before.facts.inFlight === 0 &&
    before.processed === (await processedSubmissions(prisma, seleksi.id));
  const facts = unchanged ? before!.facts : await loadRankingFacts(prisma, seleksi);
  if (!change && facts.inFlight > 0) throw stillQueued(seleksi.code, facts.inFlight);
  const previous = await latestFrozenRanking(prisma, seleksi.id);
  const forced = facts.missing.length > 0 && (force || (previous?.forced ?? false));
  if (facts.missing.length > 0 && !forced) throw new MissingScoresError(seleksi.code, facts.missing, true);

  const result = rank(seleksi, facts, forced);
  if (seleksi.phase === 'PUBLISHED' && previous && previous.digest !== result.digest) {
    throw new SeleksiError(
      `${seleksi.code}: hasil sudah diumumkan dan nilai berubah sejak ditutup (digest ${previous.digest.slice(0, 12)}… ≠ ${result.digest.slice(0, 12)}…); tidak ada yang disimpan ` +
        '(results are published and the scores changed since closing; nothing stored)',
    );
  }
  const saved = await saveRanking(pgPoolOf(prisma), {
    ...toWrite(seleksi, facts, result, forced),
    closeEventId: change?.eventId ?? null,
    audit: {
      actorId: options.actorId ?? null,
      data: { digest: result.digest, forced, missing: facts.missing.length },
    },
  });
  return { seleksi, digest: result.digest, created: saved.created, phaseChanged };
}

function stillQueued(code: string, count: number): SeleksiError {
  return new SeleksiError(
    `${code}: ${count} lembar nilai yang dikonfirmasi sebelum penutupan masih di antrean; jalankan worker lalu ulangi \`seleksi close\` ` +
      `(${count} score sheets confirmed before the close are still queued: run a worker, then close again)`,
  );
}

function rank(seleksi: SeleksiRecord, facts: RankingFacts, forced: boolean): RankingResult {
  return computeRanking({
    seleksi: seleksi.code,
    method: facts.method,
    nominees: facts.nominees,
    sheets: facts.counted,
    missing: facts.missing.flatMap((m) => m.numbers.map((number) => ({ number, juror: m.juror }))),
    forced,
  });
}

function toWrite(seleksi: SeleksiRecord, facts: RankingFacts, result: RankingResult, forced: boolean) {
  const idOf = new Map(facts.panel.nominees.map((n) => [n.number, n.id]));
  const meta: RankingMeta = {
    version: 1,
    method: canonicalMethod(facts.method),
    inputDigest: result.inputDigest,
    jurors: facts.jurorNo.size,
    juaraUmum: result.juaraUmum,
  };
  return {
    seleksiId: seleksi.id,
    digest: result.digest,
    forced,
    missing: facts.missing.map((m) => ({ juror: m.juror, name: m.name, numbers: m.numbers })),
    meta,
    entries: result.categories.flatMap((c) =>
      c.entries.map((e, position) => {
        const detail: EntryDetail = {
          position,
          criteria: e.criteria,
          z: e.z,
          jurors: e.jurors,
          spread: e.spread,
          submittedAt: e.submittedAt,
        };
        return {
          categoryCode: c.code,
          nominationId: idOf.get(e.number)!,
          rank: e.rank,
          finalScore: e.final,
          tieBreakRule: e.tie?.rule ?? null,
          tieNote: e.tie,
          award: e.award,
          flag: e.flag,
          detail,
        };
      }),
    ),
  };
}
