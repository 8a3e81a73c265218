import { choicesFor } from '../../flow-engine/choices.ts';
import type { StepKind } from '../../flow-engine/kinds.ts';
import { accept } from '../../flow-engine/navigate.ts';
import { matchChoice } from '../../flow-engine/parse-answer.ts';
import { plainQuestion } from '../../flow-engine/question.ts';
import { answerRegion } from './answer-region.ts';
import { regionPickQuestion } from './region-pick.ts';
import { dependsOnOf, OF_FIELD } from './step-fields.ts';

/** `region`: a kecamatan or desa/kelurahan of the officer's kabupaten/kota, typed by name. */
export const region: StepKind = {
  type: 'region',
  choices: true,
  fields: OF_FIELD,
  dependsOn: dependsOnOf,
  validate: (step, { at }) =>
    step.choices_from !== 'kecamatan' && step.choices_from !== 'desa'
      ? [`${at}: region needs choices_from: kecamatan or desa`]
      : [],
  /** No desa data for that kecamatan. */
  unanswerable: (t, step) => choicesFor(t, step).length === 0,
  ask: (t, step, tk) =>
    t.a.pending?.kind === 'region' ? regionPickQuestion(t, step, t.a.pending) : plainQuestion(t, step, tk),
  answer: (t, step, { typed }) => answerRegion(t, step, typed),
  /** One of several matches picked, or a new name typed instead. */
  pending(t, step, input) {
    const pending = t.a.pending;
    const picked = pending?.kind === 'region' ? matchChoice(input, pending.matches) : null;
    if (!picked) return answerRegion(t, step, input);
    t.a.pending = null;
    accept(t, step, picked.value);
  },
};
