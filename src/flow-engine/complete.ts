import { nominationRefusal } from '../domain/eligibility.ts';
import type { SubmissionRequest } from '../domain/submission.ts';
import { choicesFor, criteriaOf } from './choices.ts';
import { relevant } from './conditions.ts';
import type { CompiledFlow } from './load.ts';
import { category, isMediaAnswer, leave, type Turn } from './run.ts';

type OnComplete<A extends CompiledFlow['on_complete']['action']> = Extract<
  CompiledFlow['on_complete'],
  { action: A }
>;

function relevantAnswers(t: Turn, exclude: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const step of t.flow.steps) {
    if (exclude.has(step.name) || !relevant(t, step)) continue;
    if (['note', 'summary', 'dossier', 'scores'].includes(step.type)) continue;
    if (step.choices_from === 'my_nominations' || step.choices_from === 'juror_nominees') continue;
    const v = t.a.answers[step.name];
    if (v === undefined) continue;
    out[step.name] = v;
    if (step.type === 'region' && typeof v === 'string') {
      // Jurors of other kabupaten cannot resolve the code, so the dossier keeps the name too.
      out[`${step.name}_nama`] = choicesFor(t, step, true).find((c) => c.value === v)?.label ?? v;
    }
  }
  return out;
}

function nominationRequest(
  t: Turn,
  oc: OnComplete<'nomination'>,
  seleksiId: string,
): Extract<SubmissionRequest, { kind: 'NOMINATION' }> {
  const run = t.run;
  const flow = t.flow;
  const a = t.a;
  const attachments = flow.steps
    .filter((s) => (s.type === 'photo' || s.type === 'document') && relevant(t, s))
    .flatMap((s) => {
      const v = a.answers[s.name];
      if (!isMediaAnswer(v)) return [];
      return v.media.map((m) => ({
        field: s.name,
        kind: s.type === 'photo' ? ('PHOTO' as const) : ('DOCUMENT' as const),
        fileRef: m.fileRef,
        ...(m.mimeType ? { mimeType: m.mimeType } : {}),
        ...(m.fileName ? { fileName: m.fileName } : {}),
        ...(m.caption ? { caption: m.caption } : {}),
        ...(m.localPath ? { localPath: m.localPath } : {}),
      }));
    });
  return {
    kind: 'NOMINATION',
    payload: {
      seleksiId,
      categoryCode: String(a.answers[oc.category] ?? ''),
      regionCode: run.ctx.person?.regionCode ?? '',
      nomineeName: String(a.answers[oc.nominee_name] ?? '').slice(0, 200),
      answers: relevantAnswers(t, new Set()),
      attachments,
      ...(a.nominationId ? { nominationId: a.nominationId } : {}),
    },
  };
}

function scoringRequest(t: Turn, oc: OnComplete<'scoring'>, seleksiId: string): SubmissionRequest {
  const flow = t.flow;
  const a = t.a;
  const nominationId = String(a.answers[oc.nominee] ?? '');
  if (a.answers[oc.mode] === 'recuse') {
    return {
      kind: 'RECUSAL',
      payload: { seleksiId, nominationId, reason: String(a.answers[oc.reason] ?? '') },
    };
  }
  const scoresStep = flow.steps.find((s) => s.name === oc.scores)!;
  const scores = criteriaOf(t, scoresStep).map((c) => ({
    criterionCode: c.code,
    value: Number(a.answers[`${oc.scores}.${c.code}`]),
  }));
  const comment = a.answers[oc.comment];
  return {
    kind: 'SCORE_SHEET',
    payload: {
      seleksiId,
      nominationId,
      scores,
      ...(typeof comment === 'string' && comment.trim() ? { comment: comment.trim() } : {}),
    },
  };
}

/**
 * Why the nomination the summary would submit breaks its category's rules (an answer changed from
 * the summary can break one), in the run's locale; null when it may go (or is not a nomination).
 * The caller refuses at the summary with this reason and keeps the answers.
 */
export function completionRefusal(t: Turn): string | null {
  const run = t.run;
  const oc = t.flow.on_complete;
  if (oc.action !== 'nomination' || t.flow.steps[t.a.pos]?.type !== 'summary') return null;
  const p = nominationRequest(t, oc, run.ctx.seleksi?.id ?? '').payload;
  const rules = category(run.ctx, p.categoryCode)?.rules;
  const refusal = rules ? nominationRefusal(rules, p.answers, p.attachments, run.ctx.now) : null;
  return refusal ? refusal[run.locale] : null;
}

/** Ends the running flow with the effect its on_complete names (register, or a submission). */
export function complete(t: Turn) {
  const run = t.run;
  const a = t.a;
  const oc = t.flow.on_complete;
  const seleksiId = run.ctx.seleksi?.id ?? '';
  let submission: SubmissionRequest | null = null;
  if (oc.action === 'register') {
    run.effects.push({ type: 'register', code: String(a.answers[oc.code] ?? '').trim() });
  } else if (oc.action === 'nomination') {
    submission = nominationRequest(t, oc, seleksiId);
  } else if (oc.action === 'scoring') {
    submission = scoringRequest(t, oc, seleksiId);
  }
  if (submission) run.effects.push({ type: 'submit', submission });
  leave(run);
}
