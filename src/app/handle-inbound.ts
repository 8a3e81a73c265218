import type pg from 'pg';
import type { Logger } from 'pino';
import type { InboundMessage, OutboundMessage } from '../core/messages.ts';
import type { InboundHandler } from '../core/ports.ts';
import { chatLockKey, pruneMessageIds } from '../db/chat-store.ts';
import type { PrismaClient } from '../db/client.ts';
import { prismaRunner } from '../db/statement.ts';
import type { FlowEngine } from '../flow-engine/api.ts';
import { type AdminChatDeps, runAdminActions } from './admin-chat.ts';
import { createContextBuilder } from './context.ts';
import { createDeadlineCheck } from './deadline-check.ts';
import { createInboundBatches } from './inbound-batch.ts';
import { type Handled, handleOnce, type PathScope } from './inbound-paths.ts';
import type { SubmissionSink } from './ports.ts';
import { createRegionCache, type RegionCache } from './region-cache.ts';
import { isTransientDbError, type RetryOptions, retryTransient } from './retry.ts';
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
  const scope = pathScope(deps);
  const prune = createPruner(deps, scope);
  const inOrder = createChatLines();
  return {
    handle: (message) =>
      inOrder(chatLockKey(message.channel, message.chatId), async () => {
        const handled = await handleWithRetries(deps, scope, message);
        if (!handled.ok) return handled.replies;
        prune(scope.now());
        return afterStored(deps, message, handled.handled);
      }),
  };
}

/** The handler's shared parts: caches, the clock, the batches. */
function pathScope(deps: InboundHandlerDeps): PathScope {
  const regions = deps.regions ?? createRegionCache();
  const batches = deps.pool ? createInboundBatches(deps.pool) : null;
  return {
    prisma: deps.prisma,
    engine: deps.engine,
    regions,
    contexts: createContextBuilder({ regions }),
    deadlines: createDeadlineCheck(deps.prisma),
    ...(deps.admin ? { admin: deps.admin } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    now: deps.now ?? (() => new Date()),
    batches,
    pooled: batches ? { runner: batches.runner, nominee: batches.nominee } : null,
  };
}

/**
 * Runs each chat's tasks one after another (the next starts after the previous settled). Channels
 * already deliver a chat's messages one at a time (grammY's sequentialize); this keeps that true
 * for every caller, which the batched path relies on (one message per chat in a batch, each read
 * after the previous one's write).
 */
function createChatLines() {
  /** The last task of each chat in this process. */
  const chains = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = chains.get(key);
    const current = previous ? previous.then(task, task) : task();
    chains.set(key, current);
    current
      .finally(() => {
        if (chains.get(key) === current) chains.delete(key);
      })
      .catch(() => {});
    return current;
  };
}

/** Forgets old message ids now and then (at most every 10 minutes per process, in small batches). */
function createPruner(deps: InboundHandlerDeps, scope: PathScope): (at: Date) => void {
  const retentionMs = deps.dedupeRetentionMs ?? 7 * 24 * 3600_000;
  const runner = prismaRunner(deps.prisma);
  let lastPrune = 0;
  return (at) => {
    if (at.getTime() - lastPrune < 10 * 60_000) return;
    lastPrune = at.getTime();
    pruneMessageIds(runner, new Date(at.getTime() - retentionMs)).catch((error: unknown) =>
      scope.logger?.warn({ err: error }, 'pruning processed_inbound failed'),
    );
  };
}

/**
 * The message, retried through database outages; when they last too long, the user is told to
 * try again later.
 */
async function handleWithRetries(
  deps: InboundHandlerDeps,
  scope: PathScope,
  message: InboundMessage,
): Promise<{ ok: true; handled: Handled } | { ok: false; replies: OutboundMessage[] }> {
  try {
    const handled = await retryTransient(() => handleOnce(scope, message), {
      ...deps.retry,
      onRetry: (error, attempt, delayMs) => {
        deps.logger?.warn(
          { err: error, attempt, delayMs, channel: message.channel },
          'database unavailable, retrying message',
        );
        deps.retry?.onRetry?.(error, attempt, delayMs);
      },
    });
    return { ok: true, handled };
  } catch (error) {
    deps.logger?.error({ err: error, channel: message.channel }, 'inbound message not handled');
    if (isTransientDbError(error)) return { ok: false, replies: [{ text: t('inbound.unavailable', 'id') }] };
    throw error;
  }
}

/**
 * Once stored: confirmed admin actions run (their announcement goes out with them, before their
 * outcome), submissions go to the sink, replies to the user.
 */
async function afterStored(
  deps: InboundHandlerDeps,
  message: InboundMessage,
  handled: Handled,
): Promise<OutboundMessage[]> {
  const admin = deps.admin && handled.actions.length > 0 ? deps.admin : undefined;
  if (admin) runAdminActions(admin, handled.actions, { ...message, replies: handled.replies }, deps.logger);
  for (const id of handled.submissionIds) {
    try {
      await deps.sink.enqueue(id);
    } catch (error) {
      // The row is PENDING in the outbox: the worker's reconciler enqueues it again.
      deps.logger?.error({ err: error, submissionId: id }, 'enqueue failed; left for the reconciler');
    }
  }
  return admin ? [] : handled.replies;
}
