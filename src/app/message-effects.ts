import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { InboundMessage, OutboundMessage } from '../core/messages.ts';
import type { PrismaClient, Tx } from '../db/client.ts';
import type { StoredDraft } from '../db/drafts.ts';
import {
  asSubmissionRequest,
  type SubmissionRequest,
  submissionPayloadSchemas,
} from '../domain/submission.ts';
import type { Effect, FlowEngine } from '../flow-engine/api.ts';
import type { AdminAction, AdminChatDeps } from './admin-chat.ts';
import { checkSubmission } from './check-submission.ts';
import type { ContextBuilder, Identity } from './context.ts';
import { endDraftElsewhere } from './continue-draft.ts';
import type { DeadlineCheck } from './deadline-check.ts';
import type { SeleksiContext } from './flow-steps/context.ts';
import type { JurorSources } from './juror-lists.ts';
import type { ChatChange } from './loaded-chat.ts';
import type { RegionCache } from './region-cache.ts';
import { isRegisterConfirmed, registerWithInvite } from './register.ts';
import { t } from './texts.ts';

/** A message's plan, and the engine's effects on it (see message-plan.ts). */

/** What planning a message needs (one per handler). */
export interface PlanScope {
  prisma: PrismaClient;
  engine: FlowEngine;
  contexts: ContextBuilder;
  deadlines: DeadlineCheck;
  regions: RegionCache;
  admin?: AdminChatDeps;
  logger?: Pick<Logger, 'warn' | 'error'>;
  /** Where a juror's lists are read on the batched path (its pool); null without a pool. */
  pooled: JurorSources | null;
}

/**
 * The locked path's Prisma transaction, which registrations and `lanjut` need, and a way to read
 * the chat's identity again after a registration.
 */
export interface Locked {
  tx: Tx;
  reload(): Promise<Identity | null>;
}

/** What a message changes (the store writes the ChatChange part), and what it answers. */
export interface Plan extends ChatChange {
  identity: Identity | null;
  replies: OutboundMessage[];
  /** Confirmed admin actions, run once the message is stored. */
  actions: AdminAction[];
}

/** One message's plan being made. */
export interface PlanRun {
  plan: Plan;
  message: InboundMessage;
  at: Date;
}

/** The engine's run whose effects are carried out. */
export interface EffectRun extends PlanRun {
  ctx: SeleksiContext;
  locked: Locked | null;
  /** The draft in another chat that `lanjut` read, if any. */
  elsewhere: { stored: StoredDraft | null } | null;
}

/** Uses the invite `code` for the chat; replies with the outcome. True when it registered. */
export async function register(scope: PlanScope, run: PlanRun & { tx: Tx }, code: string): Promise<boolean> {
  const { plan, message } = run;
  const outcome = await registerWithInvite(run.tx, scope.regions, {
    channel: message.channel,
    chatId: message.chatId,
    code,
    senderName: message.senderName,
    phone: message.senderPhone,
    personId: plan.personId,
    locale: plan.state.locale,
    now: run.at,
    confirm: message.content.type === 'text' && isRegisterConfirmed(message.content.text),
  });
  plan.replies.push({ text: outcome.message });
  if (outcome.ok) plan.personId = outcome.personId;
  return outcome.ok;
}

/** Carries out one effect; false when it needs the locked path and this is not it. */
export async function applyEffect(scope: PlanScope, run: EffectRun, effect: Effect): Promise<boolean> {
  const { plan, locked } = run;
  if (effect.type === 'register') {
    if (!locked) return false;
    if (await register(scope, { ...run, tx: locked.tx }, effect.code)) plan.identity = await locked.reload();
  } else if (effect.type === 'continue_draft') {
    if (!locked) return false;
    await endDraftElsewhere(locked.tx, run.elsewhere?.stored ?? null);
  } else if (effect.type === 'set_locale') {
    plan.state = { ...plan.state, locale: effect.locale };
    if (plan.personId) plan.relocalise = effect.locale;
  } else if (effect.type === 'submit') {
    const submission = asSubmissionRequest(effect.submission);
    if (submission) await planSubmission(scope, run, submission);
    else scope.logger?.error({ chatId: run.message.chatId }, 'a submit effect without a submission request');
  }
  return true;
}

/** Adds the submission to the plan, or tells the user why it is refused (domain rules, deadline). */
async function planSubmission(
  scope: PlanScope,
  run: EffectRun,
  submission: SubmissionRequest,
): Promise<void> {
  const { plan, ctx } = run;
  const refusal =
    checkSubmission(ctx, plan.identity, submission) ??
    (await scope.deadlines.late(ctx.data.seleksi, submission.kind, run.at));
  if (refusal) {
    scope.logger?.warn({ kind: submission.kind, reason: refusal.en }, 'submission refused');
    const reason = refusal[plan.state.locale];
    plan.replies.push({ text: t('submission.rejected', plan.state.locale, { reason }) });
    return;
  }
  plan.submissions.push({
    id: randomUUID(),
    kind: submission.kind,
    seleksi_id: submission.payload.seleksiId,
    person_id: plan.identity!.person.id,
    payload: submissionPayloadSchemas[submission.kind].parse(submission.payload),
    phase: ctx.data.seleksi?.id === submission.payload.seleksiId ? ctx.data.seleksi.phase : null,
  });
}
