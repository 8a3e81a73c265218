/** `scores`: a juror's score for each criterion of the chosen nominee's category, one question each. */
import type { OutboundMessage } from '../../core/messages.ts';
import type { StepKind } from '../../flow-engine/kinds.ts';
import { advance } from '../../flow-engine/navigate.ts';
import { parseInteger } from '../../flow-engine/parse-answer.ts';
import { reject } from '../../flow-engine/question.ts';
import { local, type Turn, text } from '../../flow-engine/run.ts';
import type { CompiledStep } from '../../flow-engine/schema.ts';
import { et } from '../../flow-engine/texts.ts';
import { type CategoryView, category } from './context.ts';
import { evidenceLines } from './evidence.ts';
import { chosenNomination } from './lists.ts';
import { nomineeOfProblems } from './nominee-of.ts';
import { dependsOnOf, fieldsOf, OF_FIELD } from './step-fields.ts';
import { st } from './texts.ts';

/** Criteria of the nominee chosen in the step `of` names. */
export function criteriaOf(t: Turn, step: CompiledStep): CategoryView['criteria'] {
  const nomination = chosenNomination(t, fieldsOf(step).of);
  return category(t.run.ctx, nomination?.categoryCode)?.criteria ?? [];
}

function scoresQuestion(t: Turn, step: CompiledStep, tk: string): OutboundMessage {
  const { run, a } = t;
  const criteria = criteriaOf(t, step);
  const c = criteria[a.sub]!;
  const lines = [
    text(run, step.label),
    st('scores.prompt', run.locale, {
      index: a.sub + 1,
      count: criteria.length,
      label: local(run, c.label),
      weight: c.weight,
      rubric: local(run, c.rubric),
      min: c.min,
      max: c.max,
    }),
    ...evidenceLines(t, step, c),
  ];
  const prev = a.answers[`${step.name}.${c.code}`];
  if (prev !== undefined) lines.push(et('hint.previous', run.locale, { value: String(prev) }));
  return { text: lines.filter(Boolean).join('\n'), token: tk };
}

export const scores: StepKind = {
  type: 'scores',
  noAnswer: true,
  fields: OF_FIELD,
  dependsOn: dependsOnOf,
  validate: nomineeOfProblems,
  parts: (t, step) => criteriaOf(t, step).map((c) => ({ key: c.code, label: local(t.run, c.label) })),
  ask: scoresQuestion,
  answer(t, step, { typed }) {
    const { run, a } = t;
    const c = criteriaOf(t, step)[a.sub]!;
    const n = parseInteger(typed, run.locale, c.min, c.max);
    const range = { label: local(run, c.label), min: c.min, max: c.max };
    if (!n.ok) return reject(t, st('scores.range', run.locale, range));
    a.answers[`${step.name}.${c.code}`] = n.value;
    advance(t);
  },
};
