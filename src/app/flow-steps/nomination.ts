import { z } from 'zod';
import { answerRefusal, nominationRefusal } from '../../domain/eligibility.ts';
import type { SubmissionRequest } from '../../domain/submission.ts';
import { choicesFor } from '../../flow-engine/choices.ts';
import { relevant } from '../../flow-engine/conditions.ts';
import type { CompletionHandler } from '../../flow-engine/kinds.ts';
import { current, isMediaAnswer, type Turn } from '../../flow-engine/run.ts';
import { category, seleksiOf } from './context.ts';

const schema = z
  .object({ action: z.literal('nomination'), category: z.string(), nominee_name: z.string() })
  .strict();

/** Steps whose answers are not the nominee's data (shown, summarised, scored, or picking a nomination). */
const NOT_DATA = new Set(['note', 'summary', 'dossier', 'scores']);

function relevantAnswers(t: Turn): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const step of t.flow.steps) {
    if (!relevant(t, step)) continue;
    if (NOT_DATA.has(step.type)) continue;
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

function attachmentsOf(t: Turn) {
  return t.flow.steps
    .filter((s) => (s.type === 'photo' || s.type === 'document') && relevant(t, s))
    .flatMap((s) => {
      const v = t.a.answers[s.name];
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
}

function nominationRequest(t: Turn): Extract<SubmissionRequest, { kind: 'NOMINATION' }> {
  const oc = schema.parse(t.flow.on_complete);
  const a = t.a;
  return {
    kind: 'NOMINATION',
    payload: {
      seleksiId: seleksiOf(t.run.ctx).seleksi?.id ?? '',
      categoryCode: String(a.answers[oc.category] ?? ''),
      regionCode: seleksiOf(t.run.ctx).person?.regionCode ?? '',
      nomineeName: String(a.answers[oc.nominee_name] ?? '').slice(0, 200),
      answers: relevantAnswers(t),
      attachments: attachmentsOf(t),
      ...(a.editing ? { nominationId: a.editing } : {}),
    },
  };
}

/**
 * `nomination`: submits the nominee's answers and files. An answer an eligibility rule of the chosen
 * category reads is checked as it is given; the whole nomination again at the summary (an answer
 * changed from there can break a rule), which then refuses and keeps the answers.
 */
export const nomination: CompletionHandler = {
  action: 'nomination',
  schema,
  checkAnswer(t, step, value) {
    const oc = schema.parse(t.flow.on_complete);
    const rules = category(t.run.ctx, t.a.answers[oc.category])?.rules;
    const refusal = rules ? answerRefusal(rules, step.name, value, t.run.ctx.now) : null;
    return refusal ? refusal[t.run.locale] : null;
  },
  refusal(t) {
    if (current(t)?.type !== 'summary') return null;
    const p = nominationRequest(t).payload;
    const rules = category(t.run.ctx, p.categoryCode)?.rules;
    const refusal = rules ? nominationRefusal(rules, p.answers, p.attachments, t.run.ctx.now) : null;
    return refusal ? refusal[t.run.locale] : null;
  },
  complete: (t) => [{ type: 'submit', submission: nominationRequest(t) }],
};
