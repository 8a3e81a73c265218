import type { InboundMessage } from '../core/messages.ts';
import type { Tx } from '../db/client.ts';
import { prismaRunner } from '../db/statement.ts';
import { maskPersonalData } from '../log.ts';
import { handleAdminCommand } from './admin-chat.ts';
import { isContinueCommand, loadDraftElsewhere } from './continue-draft.ts';
import { runEngine } from './engine-run.ts';
import { type JurorSources, nomineeReader } from './juror-lists.ts';
import type { LoadedChat } from './loaded-chat.ts';
import {
  applyEffect,
  type EffectRun,
  type Locked,
  type Plan,
  type PlanScope,
  register,
} from './message-effects.ts';
import { parseRegisterCommand } from './register.ts';
import { t } from './texts.ts';

export type { Locked, Plan, PlanScope } from './message-effects.ts';

/**
 * What one message changes, before anything is written: a registration, an admin command, or the
 * flow engine's run on the loaded chat with its effects carried out (message-effects.ts).
 */

/** The invite code of `DAFTAR CODE` / `/start CODE`, or null. */
export function registerCode(message: InboundMessage): string | null {
  return message.content.type === 'text' ? parseRegisterCommand(message.content.text) : null;
}

/** A plan that changes nothing yet (tells the user when a stored state had to be reset). */
function startPlan(chat: LoadedChat): Plan {
  const { session, identity } = chat;
  const replies = session.reset ? [{ text: t('session.reset', session.state.locale) }] : [];
  return {
    session,
    state: session.state,
    identity,
    personId: identity?.person.id ?? null,
    submissions: [],
    relocalise: null,
    replies,
    actions: [],
  };
}

/**
 * Plans the message. Without `locked` (the batched path), a message that needs the locked path
 * (it registers, or takes over a draft with `lanjut`) gives null.
 */
export async function planMessage(
  scope: PlanScope,
  chat: LoadedChat,
  message: InboundMessage,
  at: Date,
  locked: Locked | null,
): Promise<Plan | null> {
  const plan = startPlan(chat);
  // DAFTAR CODE / `/start CODE` work from any state, before the engine sees the message.
  const code = registerCode(message);
  if (code !== null) {
    if (!locked) return null;
    if (await register(scope, { plan, message, at, tx: locked.tx }, code)) {
      plan.state = scope.engine.initialState(plan.state.locale);
    }
    return plan;
  }
  const admin = scope.admin
    ? await handleAdminCommand(scope.admin, plan.identity, message.content, plan.state.locale)
    : null;
  if (admin) {
    plan.replies.push(...admin.replies);
    if (admin.action) plan.actions.push(admin.action);
    return plan;
  }
  // `lanjut` reads (and may end) a draft in another chat: the locked path only.
  if (isContinueCommand(message) && !locked) return null;
  return planEngineRun(scope, plan, message, at, locked);
}

/** Runs the engine on the message and carries out its effects; null when they need the locked path. */
async function planEngineRun(
  scope: PlanScope,
  plan: Plan,
  message: InboundMessage,
  at: Date,
  locked: Locked | null,
): Promise<Plan | null> {
  const elsewhere =
    locked && isContinueCommand(message) ? await loadDraftElsewhere(locked.tx, plan.personId, message) : null;
  const sources = locked ? lockedSources(locked.tx) : scope.pooled!;
  const { ctx, result } = await runEngine(scope.engine, scope.contexts, {
    ...{ db: locked?.tx ?? scope.prisma, sources, identity: plan.identity, state: plan.state },
    ...{ input: message.content, at },
    extend: (c) => {
      if (elsewhere) c.draftElsewhere = elsewhere.view;
    },
  });
  if (result.error) logEngineError(scope, message, result.error);
  plan.state = result.state;
  plan.replies.push(...result.outbox);
  const run: EffectRun = { plan, message, at, ctx, locked, elsewhere };
  for (const effect of result.effects) {
    if (!(await applyEffect(scope, run, effect))) return null;
  }
  if (plan.submissions.length > 0) plan.replies.push({ text: t('submission.processing', plan.state.locale) });
  return plan;
}

/** A juror's reads inside the locked path's transaction. */
function lockedSources(tx: Tx): JurorSources {
  const runner = prismaRunner(tx);
  return { runner, nominee: nomineeReader(runner) };
}

/** The engine recovered from an internal error (it ended the flow and told the user): log it, masked. */
function logEngineError(scope: PlanScope, message: InboundMessage, error: string): void {
  scope.logger?.error(
    { channel: message.channel, chatId: maskPersonalData(message.chatId), error: maskPersonalData(error) },
    'flow engine recovered from an error',
  );
}
