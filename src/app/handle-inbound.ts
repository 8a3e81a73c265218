import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { InboundHandler } from '../channels/core/adapter.ts';
import type { InboundMessage, OutboundMessage } from '../channels/core/messages.ts';
import type { PrismaClient, Tx } from '../db/client.ts';
import { type ChatRow, LOAD_CHAT, pgSql, prismaSql, type Sql } from '../db/inbound-sql.ts';
import { type Actor, canScore, canSubmitNomination } from '../domain/permissions.ts';
import { type SubmissionRequest, submissionPayloadSchemas } from '../domain/submission.ts';
import type { FlowContext, FlowEngine, Locale, SessionState } from '../flow-engine/api.ts';
import { createContextBuilder, type Identity, type NomineeRow } from './context.ts';
import type { SubmissionSink } from './ports.ts';
import { createRegionCache, type RegionCache } from './region-cache.ts';
import { parseRegisterCommand, registerWithInvite } from './register.ts';
import { isTransientDbError, type RetryOptions, retryTransient } from './retry.ts';
import { dbChannel, type PendingSubmission, type SessionRow, saveChat, sessionFromRow } from './sessions.ts';
import { t } from './texts.ts';

/** What the inbound handler needs. */
export interface InboundHandlerDeps {
  prisma: PrismaClient;
  engine: FlowEngine;
  /** Gets stored submissions written (the queue; an inline double in tests and the console). */
  sink: SubmissionSink;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** Clock (tests). @defaultValue () => new Date() */
  now?(): Date;
  /** How long and how a message is retried through database outages. @defaultValue 60 s */
  retry?: RetryOptions;
  /** Shared region cache (several handlers in one process). @defaultValue a new one */
  regions?: RegionCache;
  /**
   * How long handled message ids are kept to drop repeats. Telegram may restart update ids at
   * random after a week without updates, so older ids must not block new messages.
   * @defaultValue 7 days
   */
  dedupeRetentionMs?: number;
  /**
   * A node-postgres pool on the same database and schema (`createPgPool(DATABASE_URL, 10)`): the
   * hot path then runs on it with prepared statements, and only registrations use Prisma.
   * @defaultValue none: every message in a Prisma transaction
   */
  pool?: pg.Pool;
}

/** The chat's advisory lock key (the same on both paths and in every process). */
function chatKey(message: InboundMessage): string {
  return `${message.channel}:${message.chatId}`;
}

/** The outcome of one message inside its transaction. */
interface Handled {
  replies: OutboundMessage[];
  submissionIds: string[];
}

/** Transaction limits: messages of one chat queue behind its advisory lock, so allow some waiting. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Creates the app's InboundHandler: each message of any channel is handled in one Postgres
 * transaction that takes the chat's advisory lock (strict order per chat across processes), drops
 * repeats of an already processed message, loads the chat's person and session, runs the flow
 * engine and carries out its effects; submissions are stored in the outbox in that same
 * transaction and handed to the sink after COMMIT. Transient database failures are retried for up
 * to a minute, so a short Postgres outage loses nothing.
 */
export function createInboundHandler(deps: InboundHandlerDeps): InboundHandler {
  const { prisma, engine, sink, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const regions = deps.regions ?? createRegionCache();
  const contexts = createContextBuilder({ regions });
  const retentionMs = deps.dedupeRetentionMs ?? 7 * 24 * 3600_000;
  let lastPrune = 0;
  // An idle pooled connection that breaks (Postgres restarted) must not crash the process.
  deps.pool?.on('error', (error) => logger?.warn({ err: error }, 'idle Postgres connection lost'));

  /** Forgets old message ids now and then (at most every 10 minutes per process, in small batches). */
  function maybePrune(at: Date): void {
    if (at.getTime() - lastPrune < 10 * 60_000) return;
    lastPrune = at.getTime();
    const before = new Date(at.getTime() - retentionMs);
    prisma.$executeRaw`
      DELETE FROM processed_inbound WHERE ctid IN (
        SELECT ctid FROM processed_inbound WHERE processed_at < ${before} LIMIT 10000)`.catch(
      (error: unknown) => logger?.warn({ err: error }, 'pruning processed_inbound failed'),
    );
  }

  /** One attempt on the pool; null when the message needs the Prisma path (a registration). */
  async function handleOnPool(pool: pg.Pool, message: InboundMessage): Promise<Handled | null> {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A connection lost while checked out also emits 'error' on the client (besides failing the
    // query); unheard, that would crash the process.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      const sql = pgSql(client);
      await sql.lock(chatKey(message));
      const handled = await handleLocked(sql, null, message, now());
      if (!sql.committed) await client.query(handled ? 'COMMIT' : 'ROLLBACK');
      return handled;
    } catch (error) {
      // Discarded, not reused: the failed batch may have left a PREPARE the next use would repeat.
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async function handleOnPrisma(message: InboundMessage): Promise<Handled> {
    return prisma.$transaction(async (tx) => {
      const sql = prismaSql(tx);
      await sql.lock(chatKey(message));
      return (await handleLocked(sql, tx, message, now()))!;
    }, TX_OPTIONS);
  }

  async function handleOnce(message: InboundMessage): Promise<Handled> {
    // Registrations write through Prisma models; everything else takes the pool when there is one.
    const code = message.content.type === 'text' ? parseRegisterCommand(message.content.text) : null;
    if (deps.pool && code === null) {
      const handled = await handleOnPool(deps.pool, message);
      if (handled) return handled;
    }
    return handleOnPrisma(message);
  }

  /**
   * The message under the chat's lock. `tx` is null on the pool: a registration (which needs
   * Prisma) then returns null, the caller rolls back and runs the message again on Prisma.
   */
  async function handleLocked(
    sql: Sql,
    tx: Tx | null,
    message: InboundMessage,
    at: Date,
  ): Promise<Handled | null> {
    const chat = await loadChat(sql, message, at);
    if (!chat.fresh) {
      logger?.debug({ channel: message.channel, messageId: message.messageId }, 'duplicate inbound dropped');
      return { replies: [], submissionIds: [] };
    }
    let identity = chat.identity;
    const session = sessionFromRow(engine, chat.session, identity?.person.locale === 'en' ? 'en' : 'id');
    let state: SessionState = session.state;
    let personId = identity?.person.id ?? null;
    const replies: OutboundMessage[] = [];
    const submissions: PendingSubmission[] = [];
    let relocalise: Locale | null = null;
    if (session.reset) replies.push({ text: t('session.reset', state.locale) });
    const save = () =>
      saveChat(sql, message, session, { state, personId, submissions, touch: chat.touch, relocalise, at });

    const register = async (registerTx: Tx, code: string): Promise<boolean> => {
      const outcome = await registerWithInvite(registerTx, regions, {
        channel: message.channel,
        chatId: message.chatId,
        code,
        senderName: message.senderName,
        personId,
        locale: state.locale,
        now: at,
      });
      replies.push({ text: outcome.message });
      if (outcome.ok) personId = outcome.personId;
      return outcome.ok;
    };

    // DAFTAR CODE / `/start CODE` work from any state, before the engine sees the message.
    const code = message.content.type === 'text' ? parseRegisterCommand(message.content.text) : null;
    if (code !== null) {
      if (!tx) return null;
      if (await register(tx, code)) state = engine.initialState(state.locale);
      await save();
      return { replies, submissionIds: [] };
    }

    const ctx = await contexts.build(tx ?? prisma, identity, state.locale, at);
    const result = engine.handle(state, message.content, ctx);
    state = result.state;
    replies.push(...result.outbox);
    for (const effect of result.effects) {
      if (effect.type === 'register') {
        if (!tx) return null;
        if (await register(tx, effect.code)) identity = (await loadChat(sql, message, at)).identity;
      } else if (effect.type === 'set_locale') {
        state = { ...state, locale: effect.locale };
        if (personId) relocalise = effect.locale;
      } else if (effect.type === 'submit') {
        const refusal = checkSubmission(ctx, identity, effect.submission);
        if (refusal) {
          logger?.warn({ kind: effect.submission.kind, reason: refusal.en }, 'submission refused');
          replies.push({ text: t('submission.rejected', state.locale, { reason: refusal[state.locale] }) });
          continue;
        }
        submissions.push({
          id: randomUUID(),
          kind: effect.submission.kind,
          seleksi_id: effect.submission.payload.seleksiId,
          person_id: identity!.person.id,
          payload: submissionPayloadSchemas[effect.submission.kind].parse(effect.submission.payload),
        });
      }
    }
    if (submissions.length > 0) replies.push({ text: t('submission.processing', state.locale) });
    await save();
    return { replies, submissionIds: submissions.map((s) => s.id) };
  }

  return {
    async handle(message) {
      let handled: Handled;
      try {
        handled = await retryTransient(() => handleOnce(message), {
          ...deps.retry,
          onRetry: (error, attempt, delayMs) => {
            logger?.warn(
              { err: error, attempt, delayMs, channel: message.channel },
              'database unavailable, retrying message',
            );
            deps.retry?.onRetry?.(error, attempt, delayMs);
          },
        });
      } catch (error) {
        logger?.error({ err: error, channel: message.channel }, 'inbound message not handled');
        if (isTransientDbError(error)) {
          return [{ text: t('inbound.unavailable', 'id') }];
        }
        throw error;
      }
      maybePrune(now());
      for (const id of handled.submissionIds) {
        try {
          await sink.enqueue(id);
        } catch (error) {
          // The row is PENDING in the outbox: the worker's reconciler enqueues it again.
          logger?.error({ err: error, submissionId: id }, 'enqueue failed; left for the reconciler');
        }
      }
      return handled.replies;
    },
  };
}

/**
 * Records the message id (`fresh` false for a repeat) and loads the chat (see LOAD_CHAT).
 * Notes in `touch` whether the identity's last_inbound_at is due: WhatsApp prefers people who
 * wrote recently, and once a minute is precise enough and saves writes.
 */
async function loadChat(
  sql: Sql,
  message: InboundMessage,
  at: Date,
): Promise<{ fresh: boolean; identity: Identity | null; session: SessionRow | null; touch: string | null }> {
  const rows = await sql.query<ChatRow>(LOAD_CHAT, [
    dbChannel(message.channel),
    message.chatId,
    message.messageId,
    at.toISOString(),
  ]);
  const row = rows[0]!;
  const fresh = row.fresh > 0;
  const session: SessionRow | null =
    row.session_id !== null
      ? {
          id: row.session_id,
          state: row.session_state,
          version: row.session_version ?? 0,
          locale: row.session_locale ?? 'id',
        }
      : null;
  if (row.identity_id === null || row.person_id === null)
    return { fresh, identity: null, session, touch: null };
  const identity: Identity = {
    person: { id: row.person_id, name: row.person_name ?? '', locale: row.person_locale ?? 'id' },
    membership:
      row.role && row.seleksi_id && row.phase
        ? {
            role: row.role,
            regionCode: row.region_code,
            categories: row.categories ?? [],
            seleksi: {
              id: row.seleksi_id,
              code: row.seleksi_code!,
              name: row.seleksi_name!,
              phase: row.phase,
            },
          }
        : null,
    pendingSubmissions: row.pending,
    nominations: parseNominations(row.nominations),
  };
  return { fresh, identity, session, touch: row.touch_due ? row.identity_id : null };
}

/** The aggregated nominations column (json; some drivers hand json over as text). */
function parseNominations(value: unknown): NomineeRow[] | null {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed as NomineeRow[]) : null;
}

/**
 * Re-checks a submission the engine produced against the domain rules and the context it was
 * given: the flow files decide what is asked, never who may submit what.
 */
function checkSubmission(
  ctx: FlowContext,
  identity: Identity | null,
  request: SubmissionRequest,
): { id: string; en: string } | null {
  const membership = identity?.membership;
  if (!identity || !membership || !ctx.seleksi) {
    return { id: 'Chat ini belum terdaftar.', en: 'This chat is not registered.' };
  }
  if (!submissionPayloadSchemas[request.kind].safeParse(request.payload).success) {
    return { id: 'Data kiriman tidak lengkap.', en: 'The submission is incomplete.' };
  }
  if (request.payload.seleksiId !== membership.seleksi.id) {
    return { id: 'Kiriman untuk seleksi lain.', en: 'The submission is for another seleksi.' };
  }
  const actor: Actor = {
    role: membership.role,
    regionCode: membership.regionCode,
    categories: membership.categories,
  };
  const phase = membership.seleksi.phase;
  if (request.kind === 'NOMINATION') {
    const p = request.payload;
    const refusal = canSubmitNomination(
      phase,
      actor,
      { categoryCode: p.categoryCode, regionCode: p.regionCode },
      ctx.seleksi.categories.map((c) => c.code),
    );
    if (refusal) return refusal;
    if (p.nominationId && !ctx.lists.myNominations.some((n) => n.id === p.nominationId)) {
      return {
        id: 'Nominasi yang diubah bukan milik kabupaten/kota Anda.',
        en: 'The nomination being edited is not one of your kabupaten/kota.',
      };
    }
    return null;
  }
  const base = canScore(phase, actor);
  if (base) return base;
  const nominee = ctx.lists.jurorNominees.find((n) => n.id === request.payload.nominationId);
  if (!nominee) {
    return {
      id: 'Nominasi ini tidak termasuk daftar yang dapat Anda nilai.',
      en: 'This nominee is not on your list to score.',
    };
  }
  // The list already holds only assigned categories outside the juror's own kabupaten.
  if (nominee.recused && request.kind === 'SCORE_SHEET') {
    return {
      id: 'Anda sudah mengundurkan diri dari penilaian nominasi ini.',
      en: 'You have recused yourself from scoring this nominee.',
    };
  }
  return null;
}
