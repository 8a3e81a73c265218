import {
  countRecipientChats,
  insertDeliveries,
  insertMessages,
  type MessageRow,
  nomineeRecipients,
} from '../db/broadcast-create-sql.ts';
import {
  broadcastOfKind,
  insertBroadcast,
  latestBroadcast,
  markBroadcastRunning,
  setBroadcastTotals,
  unsentDeliveriesByChannel,
} from '../db/broadcast-records.ts';
import { type BroadcastChannel, chunksToSend } from '../db/broadcast-sql.ts';
import type { Db, PrismaClient } from '../db/client.ts';
import { lockSeleksiPhase } from '../db/phase-sql.ts';
import { seleksiPhase } from '../db/seleksi-records.ts';
import { chartSvg, composeResults, type Results } from '../domain/results/index.ts';
import { findSeleksi } from './invites.ts';
import { changePhase, phaseRefusal } from './phase.ts';
import { loadPublishedResults } from './results-source.ts';
import { SeleksiError } from './seleksi-errors.ts';

/**
 * `seleksi publish` (and `close --publish`, `umumkan` in chat): the results broadcast. Its messages
 * and one delivery per (recipient chat, message) are created in one transaction, then the phase
 * moves CLOSED → PUBLISHED and the chunks are handed to the delivery queues. Publishing again
 * picks up a broadcast that was created but not started (the process died in between).
 */

/** The broadcast kind of the results. */
export const RESULTS_KIND = 'results';

/** A channel the broadcast goes out on and its pace. */
export type ChannelPace =
  | { channel: 'TELEGRAM'; perSecond: number }
  | { channel: 'WHATSAPP'; minGapMs: number; jitter?: number };

/** Hands chunks to the delivery queues (src/broadcast/delivery-queue.ts). */
export interface DeliveryDispatcher {
  dispatch(
    broadcastId: string,
    generation: number,
    chunks: { chunk: number; channel: BroadcastChannel }[],
  ): Promise<void>;
}

/** What publishing needs. */
export interface PublishDeps {
  prisma: PrismaClient;
  dispatcher: DeliveryDispatcher;
  /** The channels that have a sender (configured); others get no deliveries. */
  channels: ChannelPace[];
  /** SVG → PNG (src/broadcast/chart-png.ts; may be loaded on first use). */
  renderPng(svg: string): Uint8Array | Promise<Uint8Array>;
}

/** What a publish did. */
export interface PublishReport {
  broadcastId: string;
  code: string;
  /** False when an existing broadcast was started or is already running. */
  created: boolean;
  status: string;
  total: number;
  chunks: number;
  /** Seconds to send everything at the channels' pace. */
  etaSeconds: number;
}

/** Chats per chunk: at least two seconds of sending, so a chat's messages come ≥ 2 s apart. */
export function chunkSizeFor(pace: ChannelPace): number {
  return pace.channel === 'TELEGRAM' ? Math.max(100, Math.ceil(pace.perSecond * 2)) : 20;
}

/** Seconds to send `count` messages on a channel at its pace (WhatsApp: the mean jittered gap). */
export function secondsFor(pace: ChannelPace, count: number): number {
  if (pace.channel === 'TELEGRAM') return count / pace.perSecond;
  return (count * pace.minGapMs * (1 + (pace.jitter ?? 0.5) / 2)) / 1000;
}

/** The broadcast's messages: composed texts and, for rankings, the chart in each language. */
async function messageRows(results: Results, renderPng: PublishDeps['renderPng']): Promise<MessageRow[]> {
  const byCode = new Map(results.categories.map((c) => [c.code, c]));
  const rows: MessageRow[] = [];
  for (const [position, m] of composeResults(results).entries()) {
    const category = m.chartOf ? byCode.get(m.chartOf) : undefined;
    rows.push({
      key: m.key,
      position,
      textId: m.text.id,
      textEn: m.text.en,
      imageId: category ? await renderPng(chartSvg(results, category, 'id')) : null,
      imageEn: category ? await renderPng(chartSvg(results, category, 'en')) : null,
      nominee: m.nominee,
    });
  }
  return rows;
}

/** What a publish would do, for a confirmation: chats per channel, messages, seconds. */
export interface PublishPreview {
  code: string;
  chats: number;
  messages: number;
  etaSeconds: number;
}

/** Counts the recipients of a results broadcast without creating it (counts ranking messages only). */
export async function previewPublish(deps: PublishDeps, ref: string): Promise<PublishPreview> {
  requireChannels(deps);
  const seleksi = await findSeleksi(deps.prisma, ref);
  // What publishing would refuse, the preview refuses (a broadcast that exists is reported as it is).
  const refusal = phaseRefusal(seleksi.code, seleksi.phase, 'PUBLISHED');
  if (refusal && !(await latestBroadcast(deps.prisma, seleksi.id, RESULTS_KIND)))
    throw new SeleksiError(refusal);
  const chats = await countRecipientChats(
    deps.prisma,
    seleksi.id,
    deps.channels.map((c) => c.channel),
  );
  // One ranking message per category that has a result (personal results come on top, a few).
  const published = await loadPublishedResults(deps.prisma, seleksi.id, 10);
  const categories = published?.results.categories.length ?? 0;
  let eta = 0;
  for (const pace of deps.channels) eta = Math.max(eta, secondsFor(pace, chats[pace.channel] * categories));
  const total = chats.TELEGRAM + chats.WHATSAPP;
  return { code: seleksi.code, chats: total, messages: total * categories, etaSeconds: Math.ceil(eta) };
}

type FoundSeleksi = Awaited<ReturnType<typeof findSeleksi>>;
type ResultsBroadcast = Db.Broadcast;

/**
 * Creates the results broadcast of a closed seleksi: its messages and deliveries, in one
 * transaction. `created` false when a concurrent publish created it first.
 */
async function createResultsBroadcast(
  deps: PublishDeps,
  seleksi: FoundSeleksi,
  options: { topN?: number; actorId?: string | null },
): Promise<{ broadcast: ResultsBroadcast; created: boolean }> {
  const { prisma } = deps;
  const refusal = phaseRefusal(seleksi.code, seleksi.phase, 'PUBLISHED');
  if (refusal) throw new SeleksiError(refusal);
  const published = await loadPublishedResults(prisma, seleksi.id, options.topN ?? 10);
  if (!published) {
    throw new SeleksiError(
      `${seleksi.code}: belum ada peringkat yang dibekukan; jalankan seleksi close (no frozen ranking)`,
    );
  }
  const rows = await messageRows(published.results, deps.renderPng);
  const personal = await nomineeRecipients(prisma, seleksi.id);
  let created = false;
  const broadcast = await prisma.$transaction(
    async (tx) => {
      // Two publishes at once: the second waits here and then finds the first one's broadcast.
      const phase = await lockSeleksiPhase(tx, seleksi.id);
      const again = await broadcastOfKind(tx, seleksi.id, RESULTS_KIND);
      if (again) return again;
      const refused = phase ? phaseRefusal(seleksi.code, phase, 'PUBLISHED') : null;
      if (refused) throw new SeleksiError(refused);
      const made = await insertBroadcast(tx, {
        seleksiId: seleksi.id,
        kind: RESULTS_KIND,
        rankingId: published.rankingId,
        createdById: options.actorId ?? null,
      });
      await insertMessages(tx, made.id, rows);
      const counts = await insertDeliveries(tx, {
        broadcastId: made.id,
        seleksiId: seleksi.id,
        channels: deps.channels.map((pace) => ({ channel: pace.channel, chunkSize: chunkSizeFor(pace) })),
        personal,
      });
      created = true;
      return setBroadcastTotals(tx, made.id, {
        total: counts.total,
        chunks: counts.chunks,
        chunkSize: chunkSizeFor(deps.channels[0]!),
      });
    },
    { maxWait: 30_000, timeout: 15 * 60_000 },
  );
  return { broadcast, created };
}

/** Starts a PENDING results broadcast: the seleksi moves to PUBLISHED and its chunks are dispatched. */
async function startResultsBroadcast(
  deps: PublishDeps,
  seleksiId: string,
  pending: ResultsBroadcast,
  actorId: string | null,
): Promise<ResultsBroadcast> {
  const { prisma } = deps;
  if ((await seleksiPhase(prisma, seleksiId)) === 'CLOSED')
    await changePhase(prisma, seleksiId, 'PUBLISHED', { actorId });
  const broadcast = await markBroadcastRunning(prisma, pending.id);
  await deps.dispatcher.dispatch(
    broadcast.id,
    broadcast.generation,
    await chunksToSend(prisma, broadcast.id),
  );
  return broadcast;
}

/** Creates the results broadcast of a closed seleksi (or starts the one created before) and starts it. */
export async function publishResults(
  deps: PublishDeps,
  ref: string,
  options: { topN?: number; actorId?: string | null } = {},
): Promise<PublishReport> {
  requireChannels(deps);
  const seleksi = await findSeleksi(deps.prisma, ref);
  const existing = await latestBroadcast(deps.prisma, seleksi.id, RESULTS_KIND);
  const made = existing
    ? { broadcast: existing, created: false }
    : await createResultsBroadcast(deps, seleksi, options);
  const broadcast =
    made.broadcast.status === 'PENDING'
      ? await startResultsBroadcast(deps, seleksi.id, made.broadcast, options.actorId ?? null)
      : made.broadcast;
  return {
    broadcastId: broadcast.id,
    code: seleksi.code,
    created: made.created,
    status: broadcast.status,
    total: broadcast.total,
    chunks: broadcast.chunks,
    etaSeconds: Math.ceil(await etaOf(deps, broadcast.id)),
  };
}

/** A broadcast needs a channel to go out on. */
function requireChannels(deps: PublishDeps): void {
  if (deps.channels.length === 0) {
    throw new SeleksiError(
      'tidak ada kanal untuk siaran: atur TELEGRAM_BOT_TOKEN atau WHATSAPP_ENABLED (no channel to broadcast on)',
    );
  }
}

/** Seconds to send the deliveries still PENDING of a broadcast, per channel at its pace (the slowest). */
export async function etaOf(
  deps: Pick<PublishDeps, 'prisma' | 'channels'>,
  broadcastId: string,
): Promise<number> {
  let eta = 0;
  for (const r of await unsentDeliveriesByChannel(deps.prisma, broadcastId)) {
    const pace = deps.channels.find((c) => c.channel === r.channel);
    if (pace) eta = Math.max(eta, secondsFor(pace, r.count));
  }
  return eta;
}
