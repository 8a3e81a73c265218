import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { InboundMessage, OutboundMessage } from '../core/messages.ts';
import type { InboundHandler } from '../core/ports.ts';
import type { PrismaClient, Tx } from '../db/client.ts';
import { prismaSql, type Sql } from '../db/inbound-sql.ts';
import { poolSql } from '../db/pool-sql.ts';
import { submissionPayloadSchemas } from '../domain/submission.ts';
import type { FlowEngine, Locale, SessionState } from '../flow-engine/api.ts';
import { type AdminChatDeps, type AdminOutcome, handleAdminCommand, runAdminActions } from './admin-chat.ts';
import { checkSubmission } from './check-submission.ts';
import { createContextBuilder, type Identity } from './context.ts';
import { endDraftElsewhere, isContinueCommand, loadDraftElsewhere } from './continue-draft.ts';
import { createDeadlineCheck } from './deadline-check.ts';
import { runEngine } from './engine-run.ts';
import { BatchFallback, createInboundBatches, type InboundBatches } from './inbound-batch.ts';
import { nomineeReader } from './juror-lists.ts';
import { chatFromRow, type LoadedChat, loadChat } from './loaded-chat.ts';
import type { SubmissionSink } from './ports.ts';
import { createRegionCache, type RegionCache } from './region-cache.ts';
import { isRegisterConfirmed, parseRegisterCommand, registerWithInvite } from './register.ts';
import { isTransientDbError, type RetryOptions, retryTransient } from './retry.ts';
import {
  dbChannel,
  type LoadedSession,
  type PendingSubmission,
  saveChat,
  sessionFromRow,
  sessionStateSchema,
} from './sessions.ts';
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
   * hot path then runs on it, batched across chats (see inbound-batch.ts), and only registrations
   * and batches that lost a race use Prisma.
   * @defaultValue none: every message in a Prisma transaction
   */
  pool?: pg.Pool;
  /** Admin commands in chat (`status`, `tutup`, `umumkan`); without it admins use the flows only. */
  admin?: AdminChatDeps;
}

/** The chat's key: its advisory lock on the locked path, its place in line in the process. */
function chatKey(message: InboundMessage): string {
  return `${message.channel}:${message.chatId}`;
}

/** The outcome of one message inside its transaction. */
interface Handled {
  replies: OutboundMessage[];
  submissionIds: string[];
  /** Confirmed admin actions, run once the message is stored. */
  actions?: AdminOutcome['action'][];
}

/** What a message changes (see planMessage), written by the caller. */
interface Plan {
  session: LoadedSession;
  state: SessionState;
  personId: string | null;
  submissions: PendingSubmission[];
  /** The person's new locale after `set_locale` (only for a registered person), or null. */
  relocalise: Locale | null;
  replies: OutboundMessage[];
  actions: AdminOutcome['action'][];
}

/** What a planned message gives back once stored. */
function handledOf(plan: Plan): Handled {
  return { replies: plan.replies, submissionIds: plan.submissions.map((s) => s.id), actions: plan.actions };
}

/** Transaction limits: messages of one chat queue behind its advisory lock, so allow some waiting. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Creates the app's InboundHandler. Each message drops out if it repeats one already handled;
 * otherwise the chat's person and session are loaded, the flow engine runs and its effects are
 * carried out, and the new session, the message id and any submissions (the outbox) are written
 * in one transaction with a check that the session's version did not move; submissions go to the
 * sink after COMMIT and replies to the user only then. A chat's messages are handled one at a time.
 *
 * With a pool, messages are batched: the chats of all messages waiting at one moment are read by
 * one statement and written by another (see inbound-batch.ts). Registrations, and the messages of
 * a batch that lost a race with another process, take the locked path instead: one Prisma
 * transaction per message under the chat's advisory lock (strict order per chat across
 * processes). Transient database failures are retried for up to a minute, so a short Postgres
 * outage loses nothing.
 */
export function createInboundHandler(deps: InboundHandlerDeps): InboundHandler {
  const { prisma, engine, sink, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const regions = deps.regions ?? createRegionCache();
  const contexts = createContextBuilder({ regions });
  const deadlines = createDeadlineCheck(prisma);
  const retentionMs = deps.dedupeRetentionMs ?? 7 * 24 * 3600_000;
  let lastPrune = 0;
  // An idle pooled connection that breaks (Postgres restarted) must not crash the process.
  deps.pool?.on('error', (error) => logger?.warn({ err: error }, 'idle Postgres connection lost'));
  const batches = deps.pool ? createInboundBatches(deps.pool) : null;
  /** The last message of each chat in this process: the next one starts after it (see handle). */
  const chains = new Map<string, Promise<unknown>>();

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

  /**
   * One attempt on the batched hot path; null when the message needs the locked path: a
   * registration (which writes through Prisma), or a batch that could not be written.
   */
  async function handleBatched(batches: InboundBatches, message: InboundMessage): Promise<Handled | null> {
    const at = now();
    const channel = dbChannel(message.channel);
    const row = await batches.load(channel, message.chatId, message.messageId, at);
    if (row.busy) return null; // wait for the lock there
    const chat = chatFromRow(row);
    if (!chat.fresh) return duplicate(message);
    const planned = await planMessage(chat, message, at, null);
    if (!planned) return null;
    try {
      await batches.save(
        channel,
        {
          id: planned.session.id ?? randomUUID(),
          chat_id: message.chatId,
          message_id: message.messageId,
          person_id: planned.personId,
          locale: planned.state.locale,
          state: sessionStateSchema.parse(planned.state),
          version: planned.session.version + 1,
          touch: chat.touch,
          relocalise: planned.relocalise,
          submissions: planned.submissions,
        },
        at,
      );
    } catch (error) {
      if (!(error instanceof BatchFallback)) throw error;
      logger?.debug({ err: error, channel: message.channel }, 'batched write refused; handling alone');
      return null;
    }
    return handledOf(planned);
  }

  async function handleOnPrisma(message: InboundMessage): Promise<Handled> {
    return prisma.$transaction(async (tx) => {
      const sql = prismaSql(tx);
      await sql.lock(chatKey(message));
      return handleLocked(sql, tx, message, now());
    }, TX_OPTIONS);
  }

  async function handleOnce(message: InboundMessage): Promise<Handled> {
    // Registrations write through Prisma models; everything else is batched when there is a pool.
    const code = message.content.type === 'text' ? parseRegisterCommand(message.content.text) : null;
    if (batches && code === null) {
      const handled = await handleBatched(batches, message);
      if (handled) return handled;
    }
    return handleOnPrisma(message);
  }

  function duplicate(message: InboundMessage): Handled {
    logger?.debug({ channel: message.channel, messageId: message.messageId }, 'duplicate inbound dropped');
    return { replies: [], submissionIds: [] };
  }

  /** The message under the chat's lock, in a Prisma transaction: load, plan, save. */
  async function handleLocked(sql: Sql, tx: Tx, message: InboundMessage, at: Date): Promise<Handled> {
    const chat = await loadChat(sql, message, at);
    if (!chat.fresh) return duplicate(message);
    const planned = (await planMessage(chat, message, at, {
      tx,
      reload: async () => (await loadChat(sql, message, at)).identity,
    }))!;
    await saveChat(sql, message, planned.session, {
      state: planned.state,
      personId: planned.personId,
      submissions: planned.submissions,
      touch: chat.touch,
      relocalise: planned.relocalise,
      at,
    });
    return handledOf(planned);
  }

  /**
   * What the message changes, before anything is written: runs the engine on the loaded chat and
   * carries out its effects. A registration needs `registration` (a Prisma transaction, and a way
   * to read the chat's identity again after it); without one, a message that registers gives null.
   */
  async function planMessage(
    chat: LoadedChat,
    message: InboundMessage,
    at: Date,
    registration: { tx: Tx; reload(): Promise<Identity | null> } | null,
  ): Promise<Plan | null> {
    let identity = chat.identity;
    const session = sessionFromRow(engine, chat.session, identity?.person.locale === 'en' ? 'en' : 'id');
    let state: SessionState = session.state;
    let personId = identity?.person.id ?? null;
    const replies: OutboundMessage[] = [];
    const submissions: PendingSubmission[] = [];
    let relocalise: Locale | null = null;
    const actions: AdminOutcome['action'][] = [];
    if (session.reset) replies.push({ text: t('session.reset', state.locale) });
    const plan = (): Plan => ({ session, state, personId, submissions, relocalise, replies, actions });

    const register = async (registerTx: Tx, code: string): Promise<boolean> => {
      const outcome = await registerWithInvite(registerTx, regions, {
        channel: message.channel,
        chatId: message.chatId,
        code,
        senderName: message.senderName,
        phone: message.senderPhone,
        personId,
        locale: state.locale,
        now: at,
        confirm: message.content.type === 'text' && isRegisterConfirmed(message.content.text),
      });
      replies.push({ text: outcome.message });
      if (outcome.ok) personId = outcome.personId;
      return outcome.ok;
    };

    // DAFTAR CODE / `/start CODE` work from any state, before the engine sees the message.
    const code = message.content.type === 'text' ? parseRegisterCommand(message.content.text) : null;
    if (code !== null) {
      if (!registration) return null;
      if (await register(registration.tx, code)) state = engine.initialState(state.locale);
      return plan();
    }

    const admin = deps.admin
      ? await handleAdminCommand(deps.admin, identity, message.content, state.locale)
      : null;
    if (admin) {
      replies.push(...admin.replies);
      if (admin.action) actions.push(admin.action);
      return plan();
    }

    // `lanjut` reads (and may end) a draft in another chat: the locked path only.
    const draft = isContinueCommand(message) ? (registration ? { tx: registration.tx } : null) : undefined;
    if (draft === null) return null;
    const elsewhere = draft ? await loadDraftElsewhere(draft.tx, personId, message) : null;
    const sources = registration
      ? { sql: prismaSql(registration.tx), nominee: nomineeReader(prismaSql(registration.tx)) }
      : { sql: poolSql(deps.pool!), nominee: batches!.nominee };
    const { ctx, result } = await runEngine(engine, contexts, {
      ...{ db: registration?.tx ?? prisma, sources, identity, state, input: message.content, at },
      extend: (c) => {
        if (elsewhere) c.draftElsewhere = elsewhere.view;
      },
    });
    state = result.state;
    replies.push(...result.outbox);
    for (const effect of result.effects) {
      if (effect.type === 'register') {
        if (!registration) return null;
        if (await register(registration.tx, effect.code)) identity = await registration.reload();
      } else if (effect.type === 'continue_draft') {
        await endDraftElsewhere(registration!.tx, elsewhere?.stored ?? null);
      } else if (effect.type === 'set_locale') {
        state = { ...state, locale: effect.locale };
        if (personId) relocalise = effect.locale;
      } else if (effect.type === 'submit') {
        const refusal =
          checkSubmission(ctx, identity, effect.submission) ??
          (await deadlines.late(ctx.seleksi, effect.submission.kind, at));
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
          phase: ctx.seleksi?.id === effect.submission.payload.seleksiId ? ctx.seleksi.phase : null,
        });
      }
    }
    if (submissions.length > 0) replies.push({ text: t('submission.processing', state.locale) });
    return plan();
  }

  /** One message, after the chat's previous one in this process. */
  async function handleInOrder(message: InboundMessage): Promise<OutboundMessage[]> {
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
    if (deps.admin) runAdminActions(deps.admin, handled.actions, message, logger);
    for (const id of handled.submissionIds) {
      try {
        await sink.enqueue(id);
      } catch (error) {
        // The row is PENDING in the outbox: the worker's reconciler enqueues it again.
        logger?.error({ err: error, submissionId: id }, 'enqueue failed; left for the reconciler');
      }
    }
    return handled.replies;
  }

  return {
    handle(message) {
      // Channels already deliver a chat's messages one at a time (grammY's sequentialize); this
      // keeps that true for every caller, which the batched path relies on (one message per chat
      // in a batch, each read after the previous one's write).
      const key = chatKey(message);
      const previous = chains.get(key);
      const current = previous
        ? previous.then(
            () => handleInOrder(message),
            () => handleInOrder(message),
          )
        : handleInOrder(message);
      chains.set(key, current);
      current
        .finally(() => {
          if (chains.get(key) === current) chains.delete(key);
        })
        .catch(() => {});
      return current;
    },
  };
}
