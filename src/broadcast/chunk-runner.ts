import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createMicroBatcher } from '../app/micro-batch.ts';
import { type BroadcastSender, DeliveryError, type DeliveryFailure } from '../core/delivery.ts';
import {
  blockChat,
  broadcastStatus,
  type ChunkDelivery,
  claimDeliveries,
  markAbandoned,
  type Outcome,
  pendingOfChunk,
  recordOutcomes,
} from '../db/broadcast-sql.ts';
import type { PrismaClient } from '../db/client.ts';
import { type ChannelLimiter, type Slot, untilSlot } from './limiter.ts';
import type { MessageCache } from './message-cache.ts';

/** What a chunk's run needs. */
export interface ChunkRunnerDeps {
  prisma: PrismaClient;
  sender: BroadcastSender;
  limiter: ChannelLimiter;
  messages: MessageCache;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** Least time between the end of one message to a chat and the start of the next. @defaultValue 1100 */
  perChatGapMs?: number;
  /** Sends of one delivery that failed transiently (5xx, network) before it is FAILED. @defaultValue 5 */
  maxAttempts?: number;
  /** First wait after a transient failure; doubles each time, at most 60 s. @defaultValue 1000 */
  backoffMs?: number;
  /** How often the run checks whether the broadcast was paused or cancelled. @defaultValue 1000 */
  statusPollMs?: number;
}

/** What one run of a chunk did. */
export interface ChunkReport {
  sent: number;
  failed: number;
  /** Left SENDING by an earlier run that died: now UNKNOWN. */
  unknown: number;
  /** Not sent by this run (paused, cancelled, or claimed elsewhere). */
  left: number;
  /** Slots this run was too late for (claim given back, sent at a later slot). */
  late: number;
}

/** One run of a chunk: its job and attempt, so only this run records the outcomes of its claims. */
export interface ChunkRun {
  broadcastId: string;
  chunk: number;
  claim: string;
}

function outcomeOf(seq: number, failure: DeliveryFailure | null, retry: boolean): Outcome {
  if (!failure) return { seq, status: 'SENT', error: null };
  return { seq, status: retry ? 'PENDING' : 'FAILED', error: failure.reason.slice(0, 500) };
}

/** What the sends of one run share: the run, its deps and limits, its stop signal, batchers and tally. */
interface RunState {
  run: ChunkRun;
  deps: ChunkRunnerDeps;
  gapMs: number;
  maxAttempts: number;
  backoffMs: number;
  stop: AbortController;
  claimOne: (seq: number) => Promise<boolean>;
  recordOne: (outcome: Outcome) => Promise<void>;
  report: ChunkReport;
}

/** The run's state: claims and records of concurrent messages are written together (micro-batched). */
function runState(run: ChunkRun, deps: ChunkRunnerDeps, report: ChunkReport): RunState {
  const { prisma } = deps;
  const { broadcastId, chunk, claim } = run;
  return {
    run,
    deps,
    gapMs: deps.perChatGapMs ?? 1100,
    maxAttempts: deps.maxAttempts ?? 5,
    backoffMs: deps.backoffMs ?? 1000,
    stop: new AbortController(),
    claimOne: createMicroBatcher<number, boolean>(async (seqs) => {
      const claimed = new Set(await claimDeliveries(prisma, broadcastId, chunk, seqs, claim));
      return seqs.map((s) => claimed.has(s));
    }),
    recordOne: createMicroBatcher<Outcome, void>(async (outcomes) => {
      await recordOutcomes(prisma, broadcastId, chunk, claim, outcomes);
      return outcomes.map(() => undefined);
    }),
    report,
  };
}

/** One platform call; null when it went through. */
async function deliver(state: RunState, row: ChunkDelivery): Promise<DeliveryFailure | null> {
  const { sender, messages } = state.deps;
  const message = await messages.get(row.message_id, row.locale, sender.images);
  try {
    await sender.deliver(row.external_id, message);
    return null;
  } catch (error) {
    return error instanceof DeliveryError
      ? error.failure
      : { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Sleeps unless the run stops first; false when it stopped. */
async function pauseUnlessStopped(ms: number, stop: AbortController): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal: stop.signal });
    return true;
  } catch {
    return false;
  }
}

/** What became of one failed attempt: try again, or the delivery's final result. */
async function afterFailure(
  state: RunState,
  row: ChunkDelivery,
  failure: DeliveryFailure,
  transient: number,
): Promise<'retry' | 'failed' | 'blocked' | 'left'> {
  const { limiter, logger } = state.deps;
  if (failure.kind === 'rate_limited') {
    logger?.warn(
      { broadcastId: state.run.broadcastId, retryAfterMs: failure.retryAfterMs },
      'rate limited: channel paused',
    );
    await limiter.pause(failure.retryAfterMs);
    await state.recordOne(outcomeOf(row.seq, failure, true));
    return 'retry';
  }
  if (failure.kind === 'transient' && transient < state.maxAttempts) {
    await state.recordOne(outcomeOf(row.seq, failure, true));
    const wait = Math.min(60_000, state.backoffMs * 2 ** (transient - 1));
    return (await pauseUnlessStopped(wait, state.stop)) ? 'retry' : 'left';
  }
  await state.recordOne(outcomeOf(row.seq, failure, false));
  return failure.kind === 'blocked' ? 'blocked' : 'failed';
}

/** Sends one delivery at a slot of the limiter, retrying as its failures allow. */
async function sendOne(state: RunState, row: ChunkDelivery): Promise<'sent' | 'failed' | 'blocked' | 'left'> {
  const { stop } = state;
  let transient = row.attempts;
  for (;;) {
    let slot: Slot;
    try {
      slot = await state.deps.limiter.reserve(stop.signal);
    } catch {
      return 'left';
    }
    // Claimed while the slot comes nearer (at most the limiter's horizon), so the call goes out on
    // time: a slow claim must not make sends bunch up.
    if (!(await state.claimOne(row.seq))) return 'left';
    await untilSlot(slot);
    const stopped = stop.signal.aborted;
    if (stopped || !slot.usable()) {
      // Paused, cancelled or late: give the claim back, unsent.
      await state.recordOne({ seq: row.seq, status: 'PENDING', error: null });
      if (stopped) return 'left';
      state.report.late++;
      continue;
    }
    const failure = await deliver(state, row);
    if (!failure) {
      await state.recordOne(outcomeOf(row.seq, null, false));
      return 'sent';
    }
    if (failure.kind === 'transient') transient++;
    const next = await afterFailure(state, row, failure, transient);
    if (next !== 'retry') return next;
  }
}

/** One chat's messages in order, `gapMs` apart; a chat that blocked the bot gets no more. */
async function sendLane(state: RunState, chat: ChunkDelivery[]): Promise<void> {
  const { report } = state;
  const { broadcastId, chunk } = state.run;
  let readyAt = 0;
  for (const [i, row] of chat.entries()) {
    const wait = readyAt - performance.now();
    if (wait > 0 && !(await pauseUnlessStopped(wait, state.stop))) {
      report.left += chat.length - i;
      return;
    }
    const result = await sendOne(state, row);
    readyAt = performance.now() + state.gapMs;
    if (result === 'sent') report.sent++;
    else if (result === 'left') report.left++;
    else report.failed++;
    if (result === 'blocked') {
      const skipped = await blockChat(state.deps.prisma, broadcastId, chunk, {
        channel: row.channel,
        externalId: row.external_id,
      });
      state.deps.logger?.info(
        { broadcastId, skipped: skipped.length },
        'chat blocked the bot; its other messages skipped',
      );
      return;
    }
  }
}

/**
 * Sends one chunk: every PENDING delivery of its chats, each chat's messages in order and at least
 * `perChatGapMs` apart, every message at a slot of the channel's shared limiter. Per message: reserve
 * a slot → claim the delivery (SENDING, committed) → at the slot, one platform call → record SENT /
 * FAILED / PENDING (a claim whose slot was missed or paused is given back unsent).
 * Claims and records of concurrent messages are written together. 429 pauses the channel everywhere
 * and the message waits for a later slot; 403 fails it and skips the chat's other messages; other
 * 4xx fail it; 5xx and network errors retry with backoff up to `maxAttempts`. A pause or cancel stops
 * the run: messages not yet claimed stay as they are.
 */
export async function runChunk(run: ChunkRun, deps: ChunkRunnerDeps): Promise<ChunkReport> {
  const { prisma, logger } = deps;
  const { broadcastId, chunk, claim } = run;
  const report: ChunkReport = { sent: 0, failed: 0, unknown: 0, left: 0, late: 0 };
  report.unknown = await markAbandoned(prisma, broadcastId, chunk, claim);
  if (report.unknown > 0)
    logger?.warn(
      { broadcastId, chunk, unknown: report.unknown },
      'deliveries left SENDING by a stopped sender are UNKNOWN',
    );
  const rows = await pendingOfChunk(prisma, broadcastId, chunk);
  const lanes = new Map<string, ChunkDelivery[]>();
  for (const row of rows) {
    const lane = lanes.get(row.external_id);
    if (lane) lane.push(row);
    else lanes.set(row.external_id, [row]);
  }
  const state = runState(run, deps, report);
  const watcher = watchStatus(prisma, broadcastId, deps.statusPollMs ?? 1000, state.stop);
  try {
    await Promise.all([...lanes.values()].map((chat) => sendLane(state, chat)));
  } finally {
    state.stop.abort();
    await watcher;
  }
  return report;
}

/** Aborts `stop` when the broadcast is no longer RUNNING (paused or cancelled); ends with it. */
async function watchStatus(
  prisma: PrismaClient,
  broadcastId: string,
  everyMs: number,
  stop: AbortController,
): Promise<void> {
  while (!stop.signal.aborted) {
    try {
      await sleep(everyMs, undefined, { signal: stop.signal });
    } catch {
      return;
    }
    // A failed read (Postgres away) is no reason to stop: the claims refuse anyway when not RUNNING.
    const status = await broadcastStatus(prisma, broadcastId).catch(() => 'RUNNING');
    if (status !== 'RUNNING') stop.abort();
  }
}
