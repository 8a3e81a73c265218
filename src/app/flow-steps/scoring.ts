import { z } from 'zod';
import type { SubmissionRequest } from '../../domain/submission.ts';
import type { CompletionHandler } from '../../flow-engine/kinds.ts';
import type { Turn } from '../../flow-engine/run.ts';
import { seleksiOf } from './context.ts';
import { criteriaOf } from './scores.ts';

const schema = z
  .object({
    action: z.literal('scoring'),
    nominee: z.string(),
    mode: z.string(),
    scores: z.string(),
    comment: z.string(),
    reason: z.string(),
  })
  .strict();

function scoringRequest(t: Turn): SubmissionRequest {
  const oc = schema.parse(t.flow.on_complete);
  const a = t.a;
  const seleksiId = seleksiOf(t.run.ctx).seleksi?.id ?? '';
  const nominationId = String(a.answers[oc.nominee] ?? '');
  if (a.answers[oc.mode] === 'recuse') {
    return {
      kind: 'RECUSAL',
      payload: { seleksiId, nominationId, reason: String(a.answers[oc.reason] ?? '') },
    };
  }
  const scoresStep = t.flow.steps.find((s) => s.name === oc.scores);
  const scores = (scoresStep ? criteriaOf(t, scoresStep) : []).map((c) => ({
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

/** `scoring`: submits a juror's score sheet for the chosen nominee, or their recusal. */
export const scoring: CompletionHandler = {
  action: 'scoring',
  schema,
  complete: (t) => [{ type: 'submit', submission: scoringRequest(t) }],
};
