import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { InboundHandler } from '../channels/core/adapter.ts';
import type { InboundMessage, OutboundMessage } from '../channels/core/messages.ts';
import type { Db, PrismaClient, Tx } from '../db/client.ts';
import { type Actor, canScore, canSubmitNomination } from '../domain/permissions.ts';
import { type SubmissionRequest, submissionPayloadSchemas } from '../domain/submission.ts';
import type { FlowContext, FlowEngine, SessionState } from '../flow-engine/api.ts';
import { createContextBuilder, type Identity, type NomineeRow } from './context.ts';
import type { SubmissionSink } from './ports.ts';
import { createRegionCache, type RegionCache } from './region-cache.ts';
import { parseRegisterCommand, registerWithInvite } from './register.ts';
import { isTransientDbError, type RetryOptions, retryTransient } from './retry.ts';
import { dbChannel, type SessionRow, saveSession, sessionFromRow } from './sessions.ts';
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

  async function handleOnce(message: InboundMessage): Promise<Handled> {
    return prisma.$transaction(async (tx) => {
      const at = now();
      const key = `${message.channel}:${message.chatId}`;
      // One round trip: the chat's lock first (the INSERT reads from it), then the duplicate check.
      const fresh = await tx.$executeRaw`
        WITH chat_lock AS (SELECT pg_advisory_xact_lock(hashtext(${key})))
        INSERT INTO processed_inbound (channel, message_id)
        SELECT ${dbChannel(message.channel)}::"Channel", ${message.messageId} FROM chat_lock
        ON CONFLICT DO NOTHING`;
      if (fresh === 0) {
        logger?.debug(
          { channel: message.channel, messageId: message.messageId },
          'duplicate inbound dropped',
        );
        return { replies: [], submissionIds: [] };
      }
      return handleLocked(tx, message, at);
    }, TX_OPTIONS);
  }

  async function handleLocked(tx: Tx, message: InboundMessage, at: Date): Promise<Handled> {
    const chat = await loadChat(tx, message, at);
    let identity = chat.identity;
    const session = sessionFromRow(engine, chat.session, identity?.person.locale === 'en' ? 'en' : 'id');
    let state: SessionState = session.state;
    let personId = identity?.person.id ?? null;
    const replies: OutboundMessage[] = [];
    const submissionIds: string[] = [];
    if (session.reset) replies.push({ text: t('session.reset', state.locale) });

    const register = async (code: string): Promise<boolean> => {
      const outcome = await registerWithInvite(tx, regions, {
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
      if (await register(code)) state = engine.initialState(state.locale);
      await saveSession(tx, message, session, { state, personId });
      return { replies, submissionIds };
    }

    const ctx = await contexts.build(tx, identity, state.locale, at);
    const result = engine.handle(state, message.content, ctx);
    state = result.state;
    replies.push(...result.outbox);
    for (const effect of result.effects) {
      if (effect.type === 'register') {
        if (await register(effect.code)) identity = await loadIdentity(tx, message, at);
      } else if (effect.type === 'set_locale') {
        state = { ...state, locale: effect.locale };
        if (personId) await tx.person.update({ where: { id: personId }, data: { locale: effect.locale } });
      } else if (effect.type === 'submit') {
        const refusal = checkSubmission(ctx, identity, effect.submission);
        if (refusal) {
          logger?.warn({ kind: effect.submission.kind, reason: refusal.en }, 'submission refused');
          replies.push({ text: t('submission.rejected', state.locale, { reason: refusal[state.locale] }) });
          continue;
        }
        const id = randomUUID();
        await tx.submission.create({
          data: {
            id,
            kind: effect.submission.kind,
            seleksiId: effect.submission.payload.seleksiId,
            personId: identity!.person.id,
            channel: dbChannel(message.channel),
            externalId: message.chatId,
            payload: submissionPayloadSchemas[effect.submission.kind].parse(
              effect.submission.payload,
            ) as Db.Prisma.InputJsonValue,
          },
        });
        submissionIds.push(id);
      }
    }
    if (submissionIds.length > 0) replies.push({ text: t('submission.processing', state.locale) });
    await saveSession(tx, message, session, { state, personId });
    return { replies, submissionIds };
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

interface ChatRow {
  session_id: string | null;
  session_state: unknown;
  session_version: number | null;
  session_locale: string | null;
  identity_id: string | null;
  last_inbound_at: Date | null;
  person_id: string | null;
  person_name: string | null;
  person_locale: string | null;
  role: 'OFFICER' | 'JUROR' | 'MEMBER' | 'ADMIN' | null;
  region_code: string | null;
  categories: string[] | null;
  seleksi_id: string | null;
  seleksi_code: string | null;
  seleksi_name: string | null;
  phase: 'DRAFT' | 'NOMINATION' | 'SCORING' | 'CLOSED' | 'PUBLISHED' | null;
  pending: number;
  nominations: NomineeRow[] | null;
}

/**
 * Everything stored about the chat, in one query (this runs for every message): its session row,
 * its person and current membership — the most recent membership, and among memberships created
 * at the same moment the newest seleksi — and the person's pending submissions. Also records when
 * the person last wrote.
 */
async function loadChat(
  tx: Tx,
  message: InboundMessage,
  at: Date,
): Promise<{ identity: Identity | null; session: SessionRow | null }> {
  const channel = dbChannel(message.channel);
  const rows = await tx.$queryRaw<ChatRow[]>`
    SELECT cs.id AS session_id, cs.state AS session_state, cs.version AS session_version,
           cs.locale AS session_locale,
           ci.id AS identity_id, ci.last_inbound_at,
           p.id AS person_id, p.name AS person_name, p.locale AS person_locale,
           mm.role, mm.region_code, mm.categories, mm.seleksi_id, mm.seleksi_code, mm.seleksi_name, mm.phase,
           (SELECT count(*)::int FROM submission sb
             WHERE sb.person_id = p.id AND sb.seleksi_id = mm.seleksi_id AND sb.status = 'PENDING') AS pending,
           CASE
             WHEN mm.role = 'OFFICER' THEN (
               SELECT coalesce(json_agg(json_build_object(
                        'id', n.id, 'number', n.number, 'nominee_name', n.nominee_name,
                        'region_code', n.region_code, 'answers', n.answers, 'category_code', c.code,
                        'scored', false, 'recused', false) ORDER BY n.number), '[]'::json)
                 FROM nomination n JOIN category c ON c.id = n.category_id
                WHERE n.seleksi_id = mm.seleksi_id AND n.region_code = mm.region_code AND n.status = 'SUBMITTED')
             WHEN mm.role = 'JUROR' THEN (
               SELECT coalesce(json_agg(json_build_object(
                        'id', n.id, 'number', n.number, 'nominee_name', n.nominee_name,
                        'region_code', n.region_code, 'answers', n.answers, 'category_code', c.code,
                        'scored', EXISTS (SELECT 1 FROM score_sheet ss
                                           WHERE ss.nomination_id = n.id AND ss.juror_id = p.id),
                        'recused', EXISTS (SELECT 1 FROM recusal r
                                            WHERE r.nomination_id = n.id AND r.juror_id = p.id)
                      ) ORDER BY n.number), '[]'::json)
                 FROM nomination n JOIN category c ON c.id = n.category_id
                WHERE n.seleksi_id = mm.seleksi_id AND n.status = 'SUBMITTED' AND c.code = ANY (mm.categories))
           END AS nominations
      FROM (SELECT 1) AS chat
      LEFT JOIN conversation_session cs ON cs.channel = ${channel}::"Channel" AND cs.external_id = ${message.chatId}
      LEFT JOIN channel_identity ci ON ci.channel = ${channel}::"Channel" AND ci.external_id = ${message.chatId}
      LEFT JOIN person p ON p.id = ci.person_id
      LEFT JOIN LATERAL (
        SELECT m.role::text AS role, m.region_code, m.categories, s.id AS seleksi_id, s.code AS seleksi_code,
               s.name AS seleksi_name, s.phase::text AS phase
          FROM membership m JOIN seleksi s ON s.id = m.seleksi_id
         WHERE m.person_id = p.id
         ORDER BY m.created_at DESC, s.created_at DESC
         LIMIT 1
      ) mm ON true`;
  const row = rows[0]!;
  const session: SessionRow | null =
    row.session_id !== null
      ? {
          id: row.session_id,
          state: row.session_state,
          version: row.session_version ?? 0,
          locale: row.session_locale ?? 'id',
        }
      : null;
  if (row.identity_id === null || row.person_id === null) return { identity: null, session };
  // WhatsApp prefers people who wrote recently; once a minute is precise enough and saves writes.
  if (!row.last_inbound_at || at.getTime() - row.last_inbound_at.getTime() > 60_000) {
    await tx.channelIdentity.update({ where: { id: row.identity_id }, data: { lastInboundAt: at } });
  }
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
  return { identity, session };
}

/** The aggregated nominations column (json; some drivers hand json over as text). */
function parseNominations(value: unknown): NomineeRow[] | null {
  if (value === null || value === undefined) return null;
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed as NomineeRow[]) : null;
}

/** The chat's person and current membership (after a registration changed them). */
async function loadIdentity(tx: Tx, message: InboundMessage, at: Date): Promise<Identity | null> {
  return (await loadChat(tx, message, at)).identity;
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
