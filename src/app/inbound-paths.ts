import type { Logger } from 'pino';
import type { InboundMessage, OutboundMessage } from '../core/messages.ts';
import { lockChat, readChats, writeChats } from '../db/chat-store.ts';
import { prismaRunner, type StatementRunner } from '../db/statement.ts';
import type { AdminAction } from './admin-chat.ts';
import { BatchFallback, type InboundBatches } from './inbound-batch.ts';
import { chatFromRow, chatWrite, type LoadedChat } from './loaded-chat.ts';
import { type Plan, type PlanScope, planMessage, registerCode } from './message-plan.ts';

/**
 * The two ways a message goes through the chat store (src/db/chat-store.ts): read the chat, plan
 * what the message changes (message-plan.ts), write it. The batched hot path shares each read and
 * write with the messages of other chats waiting at the same moment (inbound-batch.ts); the locked
 * path does the same for one chat in a Prisma transaction under the chat's advisory lock.
 */

/** What the paths need: planning's scope, the clock, and the batches when there is a pool. */
export interface PathScope extends PlanScope {
  logger?: Pick<Logger, 'debug' | 'warn' | 'error'>;
  now(): Date;
  batches: InboundBatches | null;
}

/** The outcome of one message, once stored. */
export interface Handled {
  replies: OutboundMessage[];
  submissionIds: string[];
  /** Confirmed admin actions, run once the message is stored. */
  actions: AdminAction[];
}

/** Transaction limits: messages of one chat queue behind its advisory lock, so allow some waiting. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/** What a stored plan gives back. */
function handledOf(plan: Plan): Handled {
  return { replies: plan.replies, submissionIds: plan.submissions.map((s) => s.id), actions: plan.actions };
}

/** A repeat of a message already handled: dropped. */
function duplicate(scope: PathScope, message: InboundMessage): Handled {
  scope.logger?.debug(
    { channel: message.channel, messageId: message.messageId },
    'duplicate inbound dropped',
  );
  return { replies: [], submissionIds: [], actions: [] };
}

/**
 * One attempt at a message: batched when there is a pool and it is no registration (which writes
 * through Prisma), else — or when the batched path gives up on it — on the locked path.
 */
export async function handleOnce(scope: PathScope, message: InboundMessage): Promise<Handled> {
  if (scope.batches && registerCode(message) === null) {
    const handled = await handleBatched(scope, scope.batches, message);
    if (handled) return handled;
  }
  return handleLocked(scope, message);
}

/**
 * One attempt on the batched hot path; null when the message needs the locked path: the chat is
 * locked elsewhere, the message registers or takes over a draft, or the batch could not be written.
 */
async function handleBatched(
  scope: PathScope,
  batches: InboundBatches,
  message: InboundMessage,
): Promise<Handled | null> {
  const at = scope.now();
  const row = await batches.load(message.channel, message, at);
  if (row.busy) return null; // wait for the lock there
  const chat = chatFromRow(scope.engine, row);
  if (!chat.fresh) return duplicate(scope, message);
  const plan = await planMessage(scope, chat, message, at, null);
  if (!plan) return null;
  try {
    await batches.save(message.channel, chatWrite(message, chat, plan), at);
  } catch (error) {
    if (!(error instanceof BatchFallback)) throw error;
    scope.logger?.debug({ err: error, channel: message.channel }, 'batched write refused; handling alone');
    return null;
  }
  return handledOf(plan);
}

/** The chat of one message, read inside the locked path's transaction. */
async function readChat(
  scope: PathScope,
  runner: StatementRunner,
  message: InboundMessage,
  at: Date,
): Promise<LoadedChat> {
  const [row] = await readChats(runner, message.channel, [message], at);
  return chatFromRow(scope.engine, row!);
}

/**
 * The message in a Prisma transaction under the chat's advisory lock: the store's read and write
 * as a batch of one. A write that finds another writer was first throws ChatConflictError, and the
 * message is handled again (retryTransient).
 */
async function handleLocked(scope: PathScope, message: InboundMessage): Promise<Handled> {
  return scope.prisma.$transaction(async (tx) => {
    const runner = prismaRunner(tx);
    await lockChat(runner, message.channel, message.chatId);
    const at = scope.now();
    const chat = await readChat(scope, runner, message, at);
    if (!chat.fresh) return duplicate(scope, message);
    const reload = async () => (await readChat(scope, runner, message, at)).identity;
    const plan = (await planMessage(scope, chat, message, at, { tx, reload }))!;
    await writeChats(runner, message.channel, [chatWrite(message, chat, plan)], at);
    return handledOf(plan);
  }, TX_OPTIONS);
}
